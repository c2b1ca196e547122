// A small listener set for engine notices, shared by the adapters' views.
import type { EngineNotice, Unsubscribe } from './port';

export type NoticeSink = (notice: EngineNotice) => void;

/** Listeners of one kind of notice: the démarche's (EngineNotice) or a call's (CallNotice). */
export class NoticeHub<N = EngineNotice> {
  private readonly listeners = new Set<(notice: N) => void>();

  on(listener: (notice: N) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly emit = (notice: N): void => {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch {
        // A faulty listener must not stop the others nor the engine.
      }
    }
  };
}
