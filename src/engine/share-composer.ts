// What the referent sees of the cabin once the resident said yes to « Montrer mon écran » (issue 17), the same in
// both shells: the screens page as Chromium paints it, and the démarche's page drawn over the area the screens leave
// for it — the cabin's own two views, composed as they are on the display (CDP screencasts, as the Chromium shell's
// viewer composes them). Never the display itself: nothing that is not one of these pages can be in the picture.
// Where the call's own view sits, the screens page shows its panel. Each shell says how to reach a view's CDP.
import { messageOf } from '../base/errors';
import type { DemarcheArea } from '../shared/ipc/contract';
import type { CdpSession } from './cdp';
import type { ShareLayer, ShareSource } from './call-share';
import { startScreencast } from './screencast';

type Area = NonNullable<DemarcheArea>;

/** One of the cabin's views, as the composer reaches it. */
export interface ShareView {
  /** The same view gives the same key (a new démarche page, a popup: another key). */
  key: unknown;
  /** A CDP session on the view's page, and how to let it go. */
  attach(): Promise<{ cdp: CdpSession; detach(): Promise<void> }>;
  closed(): boolean;
}

export interface ShareComposerOptions {
  /** The screens (the whole display, CSS pixels = display pixels). */
  screens: ShareView;
  width: number;
  height: number;
  /** The démarche's page shown, and where on the screens; null when hidden. */
  demarche(): { view: ShareView; area: Area } | null;
  /** The shared picture's largest side: a call does not need the display's full size. */
  maxSide?: number;
  log?: (message: string) => void;
}

interface Cast {
  key: unknown;
  stop: () => Promise<void>;
}

async function cast(view: ShareView, maxWidth: number, maxHeight: number, onFrame: (jpeg: string) => void): Promise<Cast> {
  const { cdp, detach } = await view.attach();
  const stop = await startScreencast(cdp, { maxWidth, maxHeight, quality: 60 }, onFrame);
  return {
    key: view.key,
    stop: async () => {
      await stop();
      await detach().catch(() => undefined);
    },
  };
}

export function composedShareSource(options: ShareComposerOptions): ShareSource {
  const scale = Math.min(1, (options.maxSide ?? 1280) / Math.max(options.width, options.height));
  const width = Math.round(options.width * scale);
  const height = Math.round(options.height * scale);
  const log = options.log ?? (() => {});
  return {
    width,
    height,
    subscribe(onPicture) {
      let stopped = false;
      let screens: string | null = null;
      let demarche: { jpeg: string; area: Area } | null = null;
      let screensCast: Cast | null = null;
      let demarcheCast: Cast | null = null;
      const emit = () => {
        if (stopped || !screens) return;
        const layers: ShareLayer[] = [{ jpegBase64: screens, x: 0, y: 0, width, height }];
        const shown = options.demarche();
        if (demarche && shown && demarcheCast?.key === shown.view.key) {
          const a = shown.area;
          layers.push({ jpegBase64: demarche.jpeg, x: a.x * scale, y: a.y * scale, width: a.width * scale, height: a.height * scale });
        }
        onPicture(layers);
      };
      // The démarche shown changes (another démarche, a popup, hidden behind one of our screens): follow it.
      const follow = async () => {
        if (stopped) return;
        screensCast ??= await cast(options.screens, width, height, (jpeg) => {
          screens = jpeg;
          emit();
        });
        const shown = options.demarche();
        if (demarcheCast && (!shown || demarcheCast.key !== shown.view.key || shown.view.closed())) {
          await demarcheCast.stop();
          demarcheCast = null;
          demarche = null;
        }
        if (shown && !demarcheCast) {
          const key = shown.view.key;
          demarcheCast = await cast(shown.view, shown.area.width * scale, shown.area.height * scale, (jpeg) => {
            const now = options.demarche();
            if (now && now.view.key === key) demarche = { jpeg, area: now.area };
            emit();
          }).catch(() => null);
        }
      };
      let following = Promise.resolve();
      const tick = () => (following = following.then(follow).catch((e: unknown) => log(`screen share: ${messageOf(e)}`)));
      tick();
      const timer = setInterval(tick, 300);
      timer.unref?.();
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
