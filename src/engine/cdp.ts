// The tiny slice of the Chrome DevTools Protocol that the shared démarche-view code needs.
// Both adapters provide it for each page (and out-of-process frame) they guard:
//   - Electron: webContents.debugger (attach('1.3'), sendCommand, 'message' events);
//   - Playwright/Chromium: context.newCDPSession(page | frame).
// So the file chooser, print, dialog and typing code below runs unchanged in the cabin and in the tests.

export type CdpParams = Record<string, unknown>;

export interface CdpSession {
  send<T = CdpParams>(method: string, params?: CdpParams): Promise<T>;
  /** Subscribes to a protocol event (`Page.fileChooserOpened`…); returns the unsubscribe. */
  on(event: string, listener: (params: CdpParams) => void): () => void;
}

/** Sends and ignores the failure (a target that went away while we were talking to it). */
export async function sendQuietly(cdp: CdpSession, method: string, params?: CdpParams): Promise<void> {
  try {
    await cdp.send(method, params);
  } catch {
    // The page navigated, closed or crashed: nothing left to guard.
  }
}
