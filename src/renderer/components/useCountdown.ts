import { useEffect, useState } from 'react';

/** Whole seconds left until `endsAt` (epoch ms), updated a few times a second. */
export function useSecondsLeft(endsAt: number | null): number {
  const compute = (): number => (endsAt === null ? 0 : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000)));
  const [left, setLeft] = useState(compute);
  useEffect(() => {
    setLeft(compute());
    if (endsAt === null) return;
    const timer = window.setInterval(() => setLeft(compute()), 250);
    return () => window.clearInterval(timer);
  }, [endsAt]);
  return left;
}
