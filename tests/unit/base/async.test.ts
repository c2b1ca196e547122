// sleep and withTimeout, on fake timers: what resolves when, what rejects with what, and no timer left behind.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep, withTimeout } from '../../../src/base/async';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether a promise has settled yet, without waiting for it. */
function track<T>(p: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  p.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('sleep', () => {
  it('resolves after the time, not before, and leaves no timer', async () => {
    const s = track(sleep(100));
    await vi.advanceTimersByTimeAsync(99);
    expect(s.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s).toEqual({ settled: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort rejects at once with the signal’s reason and clears the timer', async () => {
    const controller = new AbortController();
    const s = track(sleep(10_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('stopped');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.settled).toBe(true);
    expect(s.error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal rejects without starting a timer', async () => {
    const controller = new AbortController();
    controller.abort('gone');
    await expect(sleep(50, controller.signal)).rejects.toBe('gone');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('once it has resolved, a later abort changes nothing', async () => {
    const controller = new AbortController();
    const p = sleep(20, controller.signal);
    await vi.advanceTimersByTimeAsync(20);
    controller.abort(new Error('late'));
    await expect(p).resolves.toBeUndefined();
  });
});

describe('withTimeout', () => {
  it('gives the promise’s value when it settles in time, and clears its timer', async () => {
    const p = withTimeout(
      sleep(50).then(() => 'done'),
      1000,
      'too slow',
    );
    await vi.advanceTimersByTimeAsync(50);
    await expect(p).resolves.toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the promise’s own rejection through', async () => {
    const failure = new Error('refused');
    const p = withTimeout(Promise.reject(failure), 1000, 'too slow');
    await expect(p).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with an Error carrying the message once the time is up, not before', async () => {
    const s = track(withTimeout(new Promise<never>(() => {}), 300, 'engine start timed out after 300 ms'));
    await vi.advanceTimersByTimeAsync(299);
    expect(s.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.settled).toBe(true);
    expect(s.error).toBeInstanceOf(Error);
    expect((s.error as Error).message).toBe('engine start timed out after 300 ms');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a late rejection of the promise, after the timeout, is not left unhandled', async () => {
    let rejectLate!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (rejectLate = reject));
    const p = withTimeout(late, 10, 'timed out');
    const s = track(p);
    await vi.advanceTimersByTimeAsync(10);
    expect((s.error as Error).message).toBe('timed out');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      rejectLate(new Error('late'));
      vi.useRealTimers(); // Node reports an unhandled rejection once the microtasks have run: a real turn of the loop
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
