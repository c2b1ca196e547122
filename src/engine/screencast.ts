// A view's pictures as Chromium paints them (CDP Page.startScreencast), the same in both adapters: what the screen
// share composes (./call-share.ts). Each frame is acknowledged at once: Chromium sends the next only then.
import { sendQuietly, type CdpSession } from './cdp';

export interface ScreencastOptions {
  maxWidth: number;
  maxHeight: number;
  /** JPEG quality, 0–100. */
  quality?: number;
}

/** Starts a screencast of the page behind `cdp`; the returned function stops it. */
export async function startScreencast(cdp: CdpSession, options: ScreencastOptions, onFrame: (jpegBase64: string) => void): Promise<() => Promise<void>> {
  const off = cdp.on('Page.screencastFrame', (frame) => {
    const { data, sessionId } = frame as { data: string; sessionId: number };
    onFrame(data);
    void sendQuietly(cdp, 'Page.screencastFrameAck', { sessionId });
  });
  await cdp.send('Page.startScreencast', {
    format: 'jpeg',
    quality: options.quality ?? 70,
    maxWidth: Math.round(options.maxWidth),
    maxHeight: Math.round(options.maxHeight),
    everyNthFrame: 1,
  });
  return async () => {
    off();
    await sendQuietly(cdp, 'Page.stopScreencast');
  };
}
