// The Chromium shell's pictures for a video call's screen share (issue 17): the screens page and the démarche's page
// shown, as Playwright pages, for the shared composer (src/engine/share-composer.ts).
import type { Page } from 'playwright-core';
import { wrapCdp } from '../../engine/chromium/page';
import { composedShareSource, type ShareView } from '../../engine/share-composer';
import type { ShareSource } from '../../engine/port';
import type { DemarcheArea } from '../../shared/ipc/contract';

const viewOf = (page: Page): ShareView => ({
  key: page,
  closed: () => page.isClosed(),
  async attach() {
    const session = await page.context().newCDPSession(page);
    return { cdp: wrapCdp(session), detach: () => session.detach() };
  },
});

export function screensShareSource(options: {
  screens: Page;
  width: number;
  height: number;
  demarche(): { page: Page; area: NonNullable<DemarcheArea> } | null;
  log?: (message: string) => void;
}): ShareSource {
  return composedShareSource({
    screens: viewOf(options.screens),
    width: options.width,
    height: options.height,
    demarche: () => {
      const shown = options.demarche();
      return shown ? { view: viewOf(shown.page), area: shown.area } : null;
    },
    log: options.log,
  });
}
