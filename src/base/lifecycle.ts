// Things to undo, as VS Code's vs/base/common/lifecycle does it, in small: whatever can be stopped
// (a listener, a subscription, a watcher) is an IDisposable; a DisposableStore keeps those of one
// owner and undoes them all at once, instead of a hand-kept array of "stoppers".

/** Something that can be undone: a listener removed, a subscription ended, a watcher stopped. */
export interface IDisposable {
  dispose(): void;
}

/** `fn` as a disposable: called on the first dispose(), never again. */
export function toDisposable(fn: () => void): IDisposable {
  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      fn();
    },
  };
}

/**
 * The disposables of one owner. dispose() undoes them once, the last added first; one that throws does not stop
 * the others: the error is thrown after all have run (several errors: an AggregateError). Added after dispose(),
 * a disposable is disposed at once (the owner is already gone).
 */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends IDisposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.items.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed`);
  }
}
