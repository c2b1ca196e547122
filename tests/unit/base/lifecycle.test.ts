// The undo list of one owner: everything undone once, the last added first, a failing one not stopping the others.
import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from '../../../src/base/lifecycle';

describe('lifecycle', () => {
  it('toDisposable runs its function on the first dispose only', () => {
    let calls = 0;
    const d = toDisposable(() => calls++);
    d.dispose();
    d.dispose();
    expect(calls).toBe(1);
  });

  it('a store disposes everything once, in reverse order, and add() returns what it was given', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    const first = toDisposable(() => order.push('first'));
    expect(store.add(first)).toBe(first);
    store.add(toDisposable(() => order.push('second')));
    store.add({ dispose: () => order.push('third') });
    expect(order).toEqual([]);
    expect(store.isDisposed).toBe(false);
    store.dispose();
    expect(order).toEqual(['third', 'second', 'first']);
    expect(store.isDisposed).toBe(true);
    store.dispose();
    expect(order).toEqual(['third', 'second', 'first']);
  });

  it('one failing disposer does not stop the others; its error is thrown after all ran', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    const boom = new Error('boom');
    store.add(toDisposable(() => order.push('a')));
    store.add(
      toDisposable(() => {
        throw boom;
      }),
    );
    store.add(toDisposable(() => order.push('c')));
    expect(() => store.dispose()).toThrow(boom);
    expect(order).toEqual(['c', 'a']);
    // Disposed all the same: nothing runs twice.
    expect(() => store.dispose()).not.toThrow();
    expect(order).toEqual(['c', 'a']);
  });

  it('several failures come together as an AggregateError, in the order they happened', () => {
    const store = new DisposableStore();
    const e1 = new Error('one');
    const e2 = new Error('two');
    let ran = false;
    store.add(toDisposable(() => (ran = true)));
    store.add(
      toDisposable(() => {
        throw e1;
      }),
    );
    store.add(
      toDisposable(() => {
        throw e2;
      }),
    );
    let caught: unknown;
    try {
      store.dispose();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AggregateError);
    expect((caught as AggregateError).errors).toEqual([e2, e1]);
    expect(ran).toBe(true);
  });

  it('added to a disposed store, a disposable is disposed at once and not kept', () => {
    const store = new DisposableStore();
    store.dispose();
    let calls = 0;
    const d = store.add(toDisposable(() => calls++));
    expect(calls).toBe(1);
    store.dispose();
    d.dispose();
    expect(calls).toBe(1);
  });
});
