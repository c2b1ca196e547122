// The whole API the screens get: `window.cabine`, typed by CabineApi. Sandboxed, CommonJS, no
// Node: it forwards to main, which validates every message (zod) and checks that it comes from
// our own page. The démarche view has no preload at all.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '../shared/ipc/channels';
import type { CabineApi, ViewState } from '../shared/ipc/contract';

const api: CabineApi = {
  send: (event) => ipcRenderer.send(CHANNELS.event, event),
  onState(listener) {
    const handler = (_event: IpcRendererEvent, state: ViewState) => listener(state);
    ipcRenderer.on(CHANNELS.state, handler);
    // The state as it is now, then every change main pushes.
    void ipcRenderer.invoke(CHANNELS.query, { kind: 'state' }).then((state: ViewState) => listener(state));
    return () => ipcRenderer.off(CHANNELS.state, handler);
  },
  query: (query) => ipcRenderer.invoke(CHANNELS.query, query),
  keyboard: (input) => ipcRenderer.send(CHANNELS.keyboard, input),
  setDemarcheArea: (area) => ipcRenderer.send(CHANNELS.demarcheArea, area),
  setDemarcheZoom: (factor) => ipcRenderer.send(CHANNELS.demarcheZoom, factor),
  setCallArea: (area) => ipcRenderer.send(CHANNELS.callArea, area),
};

contextBridge.exposeInMainWorld('cabine', api);
