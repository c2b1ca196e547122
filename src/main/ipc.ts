// The IPC handlers: each message validated (zod) and its sender checked, as Signal Desktop does.
// Anything else is dropped and counted, never answered with details.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { DisposableStore, toDisposable } from '../base/lifecycle';
import { CHANNELS } from '../shared/ipc/channels';
import type { CabineHost } from '../shared/ipc/contract';
import { isTrustedSender, parseIncoming, type TrustedRenderer } from './ipc-guard';

export interface IpcOptions {
  host: CabineHost;
  renderer: WebContents;
  appUrl: string;
  log: (message: string) => void;
}

export function setupIpc({ host, renderer, appUrl, log }: IpcOptions): () => void {
  const trusted: TrustedRenderer = { webContentsId: renderer.id, appUrl };
  const fromUs = (event: IpcMainEvent | IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    const ok = isTrustedSender({ webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: !!frame && frame.parent === null }, trusted);
    if (!ok) log(`ipc: message from an untrusted sender dropped`);
    return ok;
  };
  const invalid = (channel: string) => log(`ipc: invalid message on ${channel} dropped`);
  // Undone at the end by the very functions registered here: another module's listeners on the same channels stay.
  const disposables = new DisposableStore();
  const on = (channel: string, listener: (event: IpcMainEvent, raw: unknown) => void) => {
    ipcMain.on(channel, listener);
    disposables.add(toDisposable(() => ipcMain.removeListener(channel, listener)));
  };

  on(CHANNELS.event, (event, raw) => {
    if (!fromUs(event)) return;
    const e = parseIncoming('event', raw);
    if (e) host.send(e);
    else invalid(CHANNELS.event);
  });
  on(CHANNELS.keyboard, (event, raw) => {
    if (!fromUs(event)) return;
    const input = parseIncoming('keyboard', raw);
    if (input) host.keyboard(input);
    else invalid(CHANNELS.keyboard);
  });
  on(CHANNELS.demarcheArea, (event, raw) => {
    if (!fromUs(event)) return;
    const r = parseIncoming('demarcheArea', raw);
    if (r !== null || raw === null) host.setDemarcheArea(r);
    else invalid(CHANNELS.demarcheArea);
  });
  on(CHANNELS.callArea, (event, raw) => {
    if (!fromUs(event)) return;
    const r = parseIncoming('callArea', raw);
    if (r !== null || raw === null) host.setCallArea(r);
    else invalid(CHANNELS.callArea);
  });
  on(CHANNELS.demarcheZoom, (event, raw) => {
    if (!fromUs(event)) return;
    const factor = parseIncoming('demarcheZoom', raw);
    if (factor !== null) host.setDemarcheZoom(factor);
    else invalid(CHANNELS.demarcheZoom);
  });
  ipcMain.handle(CHANNELS.query, async (event, raw) => {
    if (!fromUs(event)) throw new Error('refused');
    const q = parseIncoming('query', raw);
    if (!q) {
      invalid(CHANNELS.query);
      throw new Error('refused');
    }
    return host.query(q);
  });
  // A channel has one handler at most (a second handle() throws): this one is ours.
  disposables.add(toDisposable(() => ipcMain.removeHandler(CHANNELS.query)));
  disposables.add(
    toDisposable(
      host.subscribe((state) => {
        if (!renderer.isDestroyed()) renderer.send(CHANNELS.state, state);
      }),
    ),
  );
  return () => disposables.dispose();
}
