// The session's length against a fake clock (WCAG 2.2.1 Timing Adjustable): the end is known from the
// start (sessionEndsAt), the resident is warned 5 minutes and 1 minute before it, may push it by
// timers.extendMinutes a bounded number of times, and at the end the session ends (max-duration) and wipes.
// A referent's session keeps its longer limit. Inactivity is set long here, so that only the length ends a session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin } from './harness';
import { modelSettings } from './model';
import type { CabinConfigInput } from '../../../../src/shared/config';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const min = (n: number) => n * 60_000;

function cabinWith(timers: CabinConfigInput['timers'] = {}) {
  return startCabin({
    settings: modelSettings({ timers: { inactivitySeconds: 3600, ...timers, assisted: { inactivitySeconds: 7200, ...timers?.assisted } } }),
  });
}

async function inSession(c: ReturnType<typeof startCabin>) {
  await c.openDemarche();
  expect(c.cabin()).toBe('session');
  return Date.now();
}

const limits = (c: ReturnType<typeof startCabin>) => {
  const value = (c.actor.getSnapshot().value as { cabin: { session?: { limits: string } } }).cabin.session;
  return value?.limits ?? null;
};

describe('the session length', () => {
  it('knows its end from the start: 45 minutes, with 2 extensions and no warning yet', async () => {
    const c = cabinWith();
    const start = await inSession(c);
    expect(c.context().sessionEndsAt).toBe(start + min(45));
    expect(c.context().extensionsLeft).toBe(2);
    expect(c.context().timeWarning).toBeNull();
    expect(limits(c)).toBe('running');
  });

  it('warns at 5 minutes and at 1 minute before the end, then ends with "max-duration" and wipes', async () => {
    const c = cabinWith();
    await inSession(c);
    await c.advance(min(40) - 1);
    expect(c.context().timeWarning).toBeNull();
    await c.advance(1);
    expect(limits(c)).toBe('fiveMinutesLeft');
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    // « J'ai lu »: the warning goes, the end stays.
    await c.send({ type: 'DISMISS_TIME_WARNING' });
    expect(c.context().timeWarning).toBeNull();
    expect(limits(c)).toBe('fiveMinutesLeft');
    await c.advance(min(4) - 1);
    expect(c.context().timeWarning).toBeNull();
    await c.advance(1);
    expect(limits(c)).toBe('oneMinuteLeft');
    expect(c.context().timeWarning).toEqual({ minutesLeft: 1 });
    await c.advance(min(1) - 1);
    expect(c.cabin()).toBe('session');
    await c.advance(1);
    expect(c.context().endingReason).toBe('max-duration');
    expect(c.cabin()).toBe('goodbye');
    expect(c.calls).toContain('wipe');
    // The wipe leaves nothing of the session's clock.
    expect(c.context()).toMatchObject({ sessionEndsAt: null, extensionsLeft: 0, timeWarning: null });
  });

  it('« Continuer 15 minutes » pushes the end, counts the extension, and warns again before the new end', async () => {
    const c = cabinWith();
    const start = await inSession(c);
    await c.advance(min(40));
    await c.send({ type: 'EXTEND_SESSION' });
    expect(c.context().sessionEndsAt).toBe(start + min(60));
    expect(c.context().extensionsLeft).toBe(1);
    expect(c.context().timeWarning).toBeNull();
    expect(limits(c)).toBe('running');
    await c.advance(min(15) - 1);
    expect(c.context().timeWarning).toBeNull();
    await c.advance(1);
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    // At one minute left, the last extension: 16 minutes from there.
    await c.advance(min(4));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 1 });
    await c.send({ type: 'EXTEND_SESSION' });
    await c.send({ type: 'ACTIVITY' }); // the touch on « Continuer » (the screens report it): no inactivity end at 60 minutes
    expect(c.context().sessionEndsAt).toBe(start + min(75));
    expect(c.context().extensionsLeft).toBe(0);
    expect(limits(c)).toBe('running');
    await c.advance(min(11));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    // None left: « Continuer » does nothing, the warning stays until the resident answers it.
    await c.send({ type: 'EXTEND_SESSION' });
    expect(c.context().sessionEndsAt).toBe(start + min(75));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    expect(limits(c)).toBe('fiveMinutesLeft');
    await c.advance(min(5));
    expect(c.context().endingReason).toBe('max-duration');
    expect(Date.now()).toBe(start + min(75));
  });

  it('is bounded: no more extensions than timers.maxExtensions, each of timers.extendMinutes', async () => {
    const c = cabinWith({ maxExtensions: 3, extendMinutes: 5 });
    const start = await inSession(c);
    expect(c.context().extensionsLeft).toBe(3);
    for (let i = 1; i <= 5; i++) {
      while (c.context().timeWarning === null && c.cabin() === 'session') await c.advance(min(1));
      await c.send({ type: 'EXTEND_SESSION' });
    }
    expect(c.context().sessionEndsAt).toBe(start + min(45 + 3 * 5));
    expect(c.context().extensionsLeft).toBe(0);
    await c.advance(min(30));
    expect(c.context().endingReason).toBe('max-duration');
  });

  it('with maxExtensions 0, nothing is offered: warned, then ended at the deadline', async () => {
    const c = cabinWith({ maxExtensions: 0 });
    const start = await inSession(c);
    expect(c.context().extensionsLeft).toBe(0);
    await c.advance(min(40));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    await c.send({ type: 'EXTEND_SESSION' });
    expect(c.context().sessionEndsAt).toBe(start + min(45));
    await c.send({ type: 'DISMISS_TIME_WARNING' });
    await c.advance(min(5) - 1);
    expect(c.cabin()).toBe('session');
    await c.advance(1);
    expect(c.context().endingReason).toBe('max-duration');
  });

  it('ends at the deadline whatever the activity: touches do not push it', async () => {
    const c = cabinWith();
    const start = await inSession(c);
    for (let i = 0; i < 45; i++) {
      await c.advance(min(1) - 1);
      await c.send({ type: 'ACTIVITY' });
      await c.send({ type: 'STILL_HERE' });
    }
    expect(c.context().sessionEndsAt).toBe(start + min(45));
    await c.advance(45);
    expect(c.context().endingReason).toBe('max-duration');
  });

  it('"J\'ai fini" during the warning ends the session as the resident\'s choice', async () => {
    const c = cabinWith();
    await inSession(c);
    await c.advance(min(40));
    await c.send({ type: 'END_REQUEST' });
    expect(c.context().endingReason).toBe('resident');
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().timeWarning).toBeNull();
  });
});

describe('an assisted session', () => {
  it('opened by a referent has the longer assisted limit (120 minutes) and its own extensions', async () => {
    const c = cabinWith();
    await c.settle();
    const start = Date.now();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context().assisted).toBe(true);
    expect(c.context().sessionEndsAt).toBe(start + min(120));
    expect(c.context().extensionsLeft).toBe(2);
    await c.advance(min(115));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    await c.send({ type: 'EXTEND_SESSION' });
    expect(c.context().sessionEndsAt).toBe(start + min(150)); // assisted.extendMinutes: 30
  });

  it('taken over by a referent: the assisted limit starts then, the warning on screen goes, extensions start over', async () => {
    const c = cabinWith();
    await inSession(c);
    await c.advance(min(40));
    await c.send({ type: 'EXTEND_SESSION' });
    await c.advance(min(15));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    const takeover = Date.now();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context().assisted).toBe(true);
    expect(c.context().sessionEndsAt).toBe(takeover + min(120));
    expect(c.context().extensionsLeft).toBe(2);
    expect(c.context().timeWarning).toBeNull();
    expect(limits(c)).toBe('running');
    await c.advance(min(119));
    expect(c.context().timeWarning).toEqual({ minutesLeft: 1 });
    await c.advance(min(1));
    expect(c.context().endingReason).toBe('max-duration');
  });
});
