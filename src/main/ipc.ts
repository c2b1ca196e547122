// The IPC handlers: each message validated (zod) and its sender checked, as Signal Desktop does.
// Anything else is dropped and counted, never answered with details.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
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

  ipcMain.on(CHANNELS.event, (event, raw) => {
    if (!fromUs(event)) return;
    const e = parseIncoming('event', raw);
    if (e) host.send(e);
    else invalid(CHANNELS.event);
  });
  ipcMain.on(CHANNELS.keyboard, (event, raw) => {
    if (!fromUs(event)) return;
    const input = parseIncoming('keyboard', raw);
    if (input) host.keyboard(input);
    else invalid(CHANNELS.keyboard);
  });
  ipcMain.on(CHANNELS.demarcheArea, (event, raw) => {
    if (!fromUs(event)) return;
    const r = parseIncoming('demarcheArea', raw);
    if (r !== null || raw === null) host.setDemarcheArea(r);
    else invalid(CHANNELS.demarcheArea);
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
  const unsubscribe = host.subscribe((state) => {
    if (!renderer.isDestroyed()) renderer.send(CHANNELS.state, state);
  });
  return () => {
    unsubscribe();
    for (const c of [CHANNELS.event, CHANNELS.keyboard, CHANNELS.demarcheArea]) ipcMain.removeAllListeners(c);
    ipcMain.removeHandler(CHANNELS.query);
  };
}
