// Waiting on a cabin's view state, for the tests that drive a runtime (stand-in or real): poll until a predicate
// holds, and `at(...)` for "the machine is in this state path".
import type { CabinRuntime } from '../../src/cabin/runtime';
import type { ViewState } from '../../src/shared/ipc';

/** Polls the runtime's view state every `everyMs` until `predicate` holds; fails after `timeoutMs` with the state it saw. */
export async function until(
  runtime: CabinRuntime,
  predicate: (s: ViewState) => boolean,
  what: string,
  { timeoutMs = 5_000, everyMs = 5 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<ViewState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = runtime.getState();
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; state is ${s.path.join('.')}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The machine is at this state path (or under it). */
export const at =
  (...path: string[]) =>
  (s: ViewState) =>
    path.every((p, i) => s.path[i] === p);
