// The renderer's only way out: window.cabine (the preload API, or the e2e bridge).
import type { CabineApi } from '../../shared/ipc/contract';
import type { UiEvent } from '../../shared/session/events';

export function cabine(): CabineApi {
  return window.cabine;
}

export function send(event: UiEvent): void {
  window.cabine.send(event);
}
