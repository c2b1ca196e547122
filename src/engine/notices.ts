// A small listener set for engine notices, shared by the adapters' views.
import type { EngineNotice, Unsubscribe } from './port';

export type NoticeSink = (notice: EngineNotice) => void;

export class NoticeHub {
  private readonly listeners = new Set<NoticeSink>();

  on(listener: NoticeSink): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly emit: NoticeSink = (notice) => {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch {
        // A faulty listener must not stop the others nor the engine.
      }
    }
  };
}
