// The screens' side of the cabin: CabineHost, the other end of the preload API. UI events in, view
// states out (to every subscriber, on every snapshot), the queries the screens may ask, the on-screen
// keyboard into the démarche page.
import { readFile } from 'node:fs/promises';
import type { Actor } from 'xstate';
import type { CabineHost, CallArea, DemarcheArea, DiagnosticsReport, KeyboardInput, PublicConfig, Query, ViewState } from '../../shared/ipc';
import { toMachineView, type cabineMachine, type UiEvent } from '../../shared/session';
import { cabinStateOf } from './machine';
import type { SessionMemory } from './session-memory';

export interface ScreensHostOptions {
  actor: Actor<typeof cabineMachine>;
  memory: SessionMemory;
  publicConfig: PublicConfig;
  /** The technician's diagnostics (asked only in maintenance). */
  diagnostics: () => Promise<DiagnosticsReport>;
  /** Main puts the démarche view where the renderer says; the Chromium adapter has no window. */
  onDemarcheArea?: (area: DemarcheArea) => void;
  /** Where the video call's view goes (the shell places it); absent: nowhere to place it. */
  onCallArea?: (area: CallArea) => void;
  log: (message: string) => void;
}

export interface ScreensHost extends CabineHost {
  /** Sends the view state to the subscribers (on every snapshot, and when a text field got focus). */
  publish(): void;
}

export function createScreensHost(options: ScreensHostOptions): ScreensHost {
  const { actor, memory, publicConfig, log } = options;
  const listeners = new Set<(state: ViewState) => void>();

  const viewState = (): ViewState => {
    const snapshot = actor.getSnapshot();
    let documents: ViewState['documents'] = [];
    try {
      documents = memory.claimed && !memory.claimed.documents.dropped ? memory.claimed.documents.summaries() : [];
    } catch (_error) {
      documents = [];
    }
    return {
      ...toMachineView(snapshot),
      documents,
      textFieldFocusedAt: memory.textFieldFocusedAt,
      oneTimeCodeField: memory.oneTimeCodeField,
      pageHost: memory.pageHost,
      pageOnBank: memory.pageOnBank,
    };
  };

  return {
    publish() {
      if (listeners.size === 0) return;
      const state = viewState();
      for (const l of listeners) l(state);
    },
    send(event: UiEvent) {
      actor.send(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: viewState,
    async query(query: Query) {
      switch (query.kind) {
        case 'publicConfig':
          return publicConfig;
        case 'state':
          return viewState();
        case 'documents':
          return memory.claimed ? memory.claimed.documents.summaries() : [];
        case 'documentBytes': {
          const doc = memory.claimed?.documents.get(query.documentId);
          if (!doc) throw new Error('no such document in this session');
          return new Uint8Array(await readFile(doc.path));
        }
        case 'scanPreview': {
          const inMaintenance = cabinStateOf(actor.getSnapshot()) === 'maintenance';
          const preview = inMaintenance ? memory.maintenancePreview : memory.scanPreviews[query.page];
          if (!preview) throw new Error('no such page');
          return preview;
        }
        case 'printPreview':
          return memory.pendingPrint;
        case 'diagnostics':
          // The technician's view only: refused anywhere but in maintenance.
          if (cabinStateOf(actor.getSnapshot()) !== 'maintenance') throw new Error('diagnostics are for maintenance');
          return options.diagnostics();
        default:
          throw new Error('unknown query');
      }
    },
    keyboard(input: KeyboardInput) {
      const view = memory.view;
      if (!view) return;
      const done = input.kind === 'text' ? view.typeText(input.text) : view.pressKey(input.key);
      void done.catch((e) => log(`keyboard: ${String(e)}`));
      actor.send({ type: 'ACTIVITY' });
    },
    setDemarcheArea(area) {
      options.onDemarcheArea?.(area);
    },
    setCallArea(area) {
      options.onCallArea?.(area);
    },
    setDemarcheZoom(factor) {
      // The session's zoom: the démarche open now, and the next ones of the session (machine.ts openDemarche).
      memory.zoom = factor;
      void memory.view?.setZoom(factor).catch((e) => log(`zoom: ${String(e)}`));
    },
  };
}
