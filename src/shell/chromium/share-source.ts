// What the referent sees of the cabin when the resident said yes to « Montrer mon écran » (issue 17), in the
// Chromium shell: the screens page as Chromium paints it, and the démarche's page drawn over the area the screens
// leave for it — the cabin's own two views, composed as they are on the display (the same two as the viewer). Never
// the X display itself: nothing that is not one of these pages can be in the picture. Where the call's own window
// sits, the screens page shows its placeholder.
import type { Page } from 'playwright-core';
import type { ShareLayer, ShareSource } from '../../engine/port';
import { startScreencast } from '../../engine/screencast';
import { wrapCdp } from '../../engine/chromium/page';
import { messageOf } from '../../base/errors';
import type { DemarcheArea } from '../../shared/ipc/contract';

type Area = NonNullable<DemarcheArea>;

export interface ShareSourceOptions {
  /** The screens page (the whole display, CSS pixels = display pixels). */
  screens: Page;
  width: number;
  height: number;
  /** The démarche's page shown, and where on the screens page; null when hidden. */
  demarche(): { page: Page; area: Area } | null;
  /** The shared picture's largest side: a call does not need the display's full size. */
  maxSide?: number;
  log?: (message: string) => void;
}

interface Cast {
  page: Page;
  stop: () => Promise<void>;
}

async function cast(page: Page, maxWidth: number, maxHeight: number, onFrame: (jpeg: string) => void): Promise<Cast> {
  const cdp = await page.context().newCDPSession(page);
  const stop = await startScreencast(wrapCdp(cdp), { maxWidth, maxHeight, quality: 60 }, onFrame);
  return {
    page,
    stop: async () => {
      await stop();
      await cdp.detach().catch(() => undefined);
    },
  };
}

export function screensShareSource(options: ShareSourceOptions): ShareSource {
  const scale = Math.min(1, (options.maxSide ?? 1280) / Math.max(options.width, options.height));
  const width = Math.round(options.width * scale);
  const height = Math.round(options.height * scale);
  const log = options.log ?? (() => {});
  return {
    width,
    height,
    subscribe(onPicture) {
      let stopped = false;
      let screens: { jpeg: string } | null = null;
      let demarche: { jpeg: string; area: Area } | null = null;
      let screensCast: Cast | null = null;
      let demarcheCast: Cast | null = null;
      const emit = () => {
        if (stopped || !screens) return;
        const layers: ShareLayer[] = [{ jpegBase64: screens.jpeg, x: 0, y: 0, width, height }];
        const shown = options.demarche();
        if (demarche && shown && demarcheCast?.page === shown.page) {
          const a = shown.area;
          layers.push({ jpegBase64: demarche.jpeg, x: a.x * scale, y: a.y * scale, width: a.width * scale, height: a.height * scale });
        }
        onPicture(layers);
      };
      // The démarche shown changes (another démarche, a popup, hidden behind one of our screens): follow it.
      const follow = async () => {
        if (stopped) return;
        screensCast ??= await cast(options.screens, width, height, (jpeg) => {
          screens = { jpeg };
          emit();
        });
        const shown = options.demarche();
        if (demarcheCast && (demarcheCast.page !== shown?.page || demarcheCast.page.isClosed())) {
          await demarcheCast.stop();
          demarcheCast = null;
          demarche = null;
        }
        if (shown && !demarcheCast) {
          const page = shown.page;
          demarcheCast = await cast(page, shown.area.width * scale, shown.area.height * scale, (jpeg) => {
            const now = options.demarche();
            if (now?.page === page) demarche = { jpeg, area: now.area };
            emit();
          }).catch(() => null);
        }
      };
      let following = Promise.resolve();
      const tick = () => (following = following.then(follow).catch((e: unknown) => log(`screen share: ${messageOf(e)}`)));
      tick();
      const timer = setInterval(tick, 300);
      timer.unref();
      return () => {
        stopped = true;
        clearInterval(timer);
        void following.then(async () => {
          await screensCast?.stop();
          await demarcheCast?.stop();
        });
      };
    },
  };
}
