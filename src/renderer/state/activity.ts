// Every touch or key press tells the machine someone is there (ACTIVITY), at most once a second:
// that is what keeps the inactivity timer from ending a session in use.
import { useEffect } from 'react';
import { send } from './cabine';

export const ACTIVITY_THROTTLE_MS = 1000;

export function useActivityReporter(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const report = () => {
      const now = performance.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      send({ type: 'ACTIVITY' });
    };
    const options = { capture: true, passive: true } as const;
    window.addEventListener('pointerdown', report, options);
    window.addEventListener('keydown', report, options);
    window.addEventListener('wheel', report, options);
    return () => {
      window.removeEventListener('pointerdown', report, options);
      window.removeEventListener('keydown', report, options);
      window.removeEventListener('wheel', report, options);
    };
  }, [enabled]);
}
