// The app's side of the pre-rendered attract (prerender.tsx): the static screen stays on the glass
// until the app has something true to show — the first state and the public config from main —
// then the app renders its screen and, in the same frame (a layout effect runs before the paint),
// the static one is removed: no blank frame between them, and only one <main> and one <h1> after.
// If the state does not come within FIRST_STATE_WAIT_MS the app takes over anyway and shows what it
// shows without a state (« La cabine démarre »): the inert pre-render never stays up on its own.
// Whatever the first state is (booting, out of service, maintenance), it replaces the attract.
import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { hideDemarche } from '../state/demarche-area';
import { usePublicConfig } from '../state/public-config';
import { useViewState } from '../state/view-store';
import { FIRST_PAINT_ID, FIRST_STATE_WAIT_MS } from './id';

export function FirstPaint({ children, onShown }: { children: ReactNode; onShown?: () => void }) {
  const view = useViewState();
  const config = usePublicConfig();
  const [prerendered] = useState(() => document.getElementById(FIRST_PAINT_ID) !== null);
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (!prerendered) return;
    const timer = setTimeout(() => setWaited(true), FIRST_STATE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [prerendered]);

  const ready = !prerendered || (view !== null && config !== null) || waited;
  // As the app does while it has no state: no démarche page drawn over our screen (a reload mid-session).
  useEffect(() => {
    if (!ready) hideDemarche();
  }, [ready]);
  useLayoutEffect(() => {
    if (ready) document.getElementById(FIRST_PAINT_ID)?.remove();
  }, [ready]);
  useEffect(() => {
    if (ready) onShown?.();
  }, [ready, onShown]);
  return ready ? children : null;
}
