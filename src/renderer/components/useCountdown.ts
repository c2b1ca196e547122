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

/** Whole minutes left until `endsAt` (epoch ms; rounded up: "Il reste 1 min" until the end), checked every few seconds. */
export function useMinutesLeft(endsAt: number | null): number | null {
  const compute = (): number | null => (endsAt === null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 60_000)));
  const [left, setLeft] = useState(compute);
  useEffect(() => {
    setLeft(compute());
    if (endsAt === null) return;
    const timer = window.setInterval(() => setLeft(compute()), 5_000);
    return () => window.clearInterval(timer);
  }, [endsAt]);
  return left;
}
