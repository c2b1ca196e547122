// Keyboard shortcuts in every web contents of the cabin (the cabin's own screens and the démarche
// views), taken before the page or Electron sees them (`before-input-event`): browser shortcuts
// are swallowed, Ctrl+P becomes our print, Ctrl+0/+/- our zoom. Decisions: src/shared/policy/shortcuts.ts.
import type { WebContents } from 'electron';
import { classifyShortcut, type KeyInput } from '../../shared/policy/shortcuts';

export interface ShortcutHandlers {
  development: boolean;
  /** Ctrl+P: print what is shown, through our driver. */
  onPrint?: () => void;
  /** A shortcut was swallowed (for the technician's log: the name only). */
  onBlocked?: (shortcut: string) => void;
}

const ZOOM_STEP = 0.5;
const ZOOM_MIN = -1;
const ZOOM_MAX = 3;

export function applyShortcutPolicy(webContents: WebContents, handlers: ShortcutHandlers): () => void {
  const listener = (event: Electron.Event, input: Electron.Input) => {
    const action = classifyShortcut({ ...input, type: input.type as KeyInput['type'] }, { development: handlers.development });
    if (action.action === 'pass') return;
    event.preventDefault();
    if (action.action === 'print') handlers.onPrint?.();
    else if (action.action === 'zoom') {
      const level = webContents.getZoomLevel();
      const next = action.zoom === 'reset' ? 0 : action.zoom === 'in' ? level + ZOOM_STEP : level - ZOOM_STEP;
      webContents.setZoomLevel(Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, next)));
    } else handlers.onBlocked?.(action.shortcut);
  };
  webContents.on('before-input-event', listener);
  return () => webContents.off('before-input-event', listener);
}
