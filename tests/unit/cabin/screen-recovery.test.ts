import { describe, expect, it } from 'vitest';
import { createScreenRecovery, type RecoveryAction, type ScreenGoneReason } from '../../../src/cabin/screen-recovery';

function bench(options: { maxReloads?: number; windowMs?: number; hungAfterMs?: number } = {}) {
  let t = 0;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const done: string[] = [];
  const recoveries: [RecoveryAction, ScreenGoneReason][] = [];
  const r = createScreenRecovery({
    ...options,
    reload: (why) => done.push(why === 'hung' ? 'reload-new-process' : 'reload'),
    relaunch: () => done.push('relaunch'),
    onRecovery: (a, why) => recoveries.push([a, why]),
    now: () => t,
    setTimer: (fn, ms) => {
      const timer = { at: t + ms, fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  });
  const advance = (ms: number) => {
    t += ms;
    for (const timer of timers.filter((x) => !x.cancelled && x.at <= t)) {
      timer.cancelled = true;
      timer.fn();
    }
  };
  return { r, done, recoveries, advance };
}

describe('the cabin’s screens recover from a crash', () => {
  it('a crash reloads the screens; a clean exit does nothing', () => {
    const b = bench();
    b.r.gone('clean-exit');
    expect(b.done).toEqual([]);
    b.r.gone('crashed');
    b.r.gone('oom');
    expect(b.done).toEqual(['reload', 'reload']);
    expect(b.recoveries).toEqual([
      ['reload', 'crashed'],
      ['reload', 'oom'],
    ]);
  });

  it('more than maxReloads losses within the window relaunch the app, once; spaced crashes only reload', () => {
    const b = bench({ maxReloads: 2, windowMs: 60_000 });
    b.r.gone('crashed');
    b.advance(61_000);
    b.r.gone('crashed');
    b.advance(61_000);
    b.r.gone('crashed');
    expect(b.done).toEqual(['reload', 'reload', 'reload']);
    b.r.gone('crashed');
    b.r.gone('killed');
    expect(b.done).toEqual(['reload', 'reload', 'reload', 'reload', 'relaunch']);
    b.r.gone('crashed');
    b.r.unresponsive();
    b.advance(60_000);
    expect(b.done.filter((d) => d === 'relaunch')).toHaveLength(1);
    expect(b.recoveries.at(-1)).toEqual(['relaunch', 'killed']);
  });

  it('unresponsive for hungAfterMs counts as hung and reloads; responsive again in time cancels it', () => {
    const b = bench({ hungAfterMs: 15_000 });
    b.r.unresponsive();
    b.advance(10_000);
    b.r.responsive();
    b.advance(10_000);
    expect(b.done).toEqual([]);
    b.r.unresponsive();
    b.r.unresponsive();
    b.advance(15_000);
    expect(b.done).toEqual(['reload-new-process']);
    expect(b.recoveries).toEqual([['reload', 'hung']]);
    // The renderer the shell killed to get out of the hang reports itself gone: not another loss.
    b.r.gone('killed');
    expect(b.done).toEqual(['reload-new-process']);
    b.r.gone('crashed');
    expect(b.done).toEqual(['reload-new-process', 'reload']);
  });

  it('an unknown reason is "other"; dispose cancels a pending hang', () => {
    const b = bench();
    b.r.gone('memory-eviction');
    expect(b.recoveries).toEqual([['reload', 'other']]);
    b.r.unresponsive();
    b.r.dispose();
    b.advance(60_000);
    expect(b.done).toEqual(['reload']);
  });
});
