// When the app starts under the pre-rendered attract: only once the attract's text has been presented.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstPaint, FIRST_PAINT_FALLBACK_MS } from '../../../../src/renderer/first-paint/after-first-paint';

type Callback = (list: { getEntriesByName(name: string): unknown[] }) => void;

/** Stands in for the browser's PerformanceObserver: the test decides which paint entries are reported. */
class FakePaintObserver {
  static last: FakePaintObserver | undefined;
  observed: unknown;
  disconnected = false;
  constructor(private readonly callback: Callback) {
    FakePaintObserver.last = this;
  }
  observe(options: unknown) {
    this.observed = options;
  }
  disconnect() {
    this.disconnected = true;
  }
  report(...names: string[]) {
    this.callback({ getEntriesByName: (name) => names.filter((n) => n === name) });
  }
}

describe('afterFirstPaint', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakePaintObserver.last = undefined;
    vi.stubGlobal('PerformanceObserver', FakePaintObserver);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('waits for the first contentful paint, not a first paint of the background alone', () => {
    const start = vi.fn();
    afterFirstPaint(start);
    const observer = FakePaintObserver.last!;
    expect(observer.observed).toEqual({ type: 'paint', buffered: true });

    observer.report('first-paint');
    vi.advanceTimersByTime(10);
    expect(start).not.toHaveBeenCalled();

    observer.report('first-contentful-paint');
    // In a task of its own after the entry, not inside the observer's callback.
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(start).toHaveBeenCalledTimes(1);
    expect(observer.disconnected).toBe(true);

    // Neither another entry nor the fallback starts it twice.
    observer.report('first-paint', 'first-contentful-paint');
    vi.advanceTimersByTime(FIRST_PAINT_FALLBACK_MS * 2);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('both entries in one report (the usual case: the attract is in the first frame)', () => {
    const start = vi.fn();
    afterFirstPaint(start);
    FakePaintObserver.last!.report('first-paint', 'first-contentful-paint');
    vi.advanceTimersByTime(0);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('no contentful paint reported: the fallback starts the app, once', () => {
    const start = vi.fn();
    afterFirstPaint(start, 300);
    FakePaintObserver.last!.report('first-paint');
    vi.advanceTimersByTime(299);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(FakePaintObserver.last!.disconnected).toBe(true);
  });

  it('no paint timing at all: the fallback starts the app', () => {
    vi.stubGlobal('PerformanceObserver', function () {
      throw new Error('no paint timing');
    });
    const start = vi.fn();
    afterFirstPaint(start);
    vi.advanceTimersByTime(FIRST_PAINT_FALLBACK_MS);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
