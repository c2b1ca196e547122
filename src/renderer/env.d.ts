/// <reference types="vite/client" />
import type { CabineApi } from '../shared/ipc/contract';

declare global {
  interface Window {
    /** The preload API (or the e2e bridge): the renderer's only way out. */
    cabine: CabineApi;
  }
}
