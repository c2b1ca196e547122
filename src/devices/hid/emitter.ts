// A small typed event emitter. Listeners run synchronously; one that throws is reported and
// does not stop the others, nor the device loop that emitted (a listener's bug is not a
// device fault: node-hid would otherwise turn it into an 'error' event and a false unplug).

export type Listener<T> = (payload: T) => void;
export type Unsubscribe = () => void;

export interface Emitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  clear(): void;
}

export function createEmitter<Events extends Record<string, unknown>>(
  reportListenerError: (error: unknown) => void = (error) => console.error('[cabine/devices] listener failed:', error),
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener<never>);
      return () => void set.delete(listener as Listener<never>);
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          reportListenerError(error);
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
