// The latest ViewState main sent, as a React external store: the machine is the truth,
// the screens only render it.
import { useSyncExternalStore } from 'react';
import type { ViewState } from '../../shared/ipc/contract';
import { cabine } from './cabine';

let latest: ViewState | null = null;
const listeners = new Set<() => void>();
let unsubscribeHost: (() => void) | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!unsubscribeHost) {
    unsubscribeHost = cabine().onState((state) => {
      if (!latest) performance.mark('cabine:state');
      latest = state;
      for (const l of listeners) l();
    });
  }
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = () => latest;

export function useViewState(): ViewState | null {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
