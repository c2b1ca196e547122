// Exhaustiveness, checked by the compiler and at run time.

/**
 * For the branch no value should reach: `assertNever(x)` type-checks only if every case of x's union was handled
 * before it; reached anyway (a value from outside, a cast), it throws instead of going on silently.
 */
export function assertNever(x: never, what = 'value'): never {
  let shown: string;
  try {
    shown = JSON.stringify(x) ?? String(x);
  } catch {
    shown = String(x); // a cycle or a bigint
  }
  throw new Error(`unexpected ${what}: ${shown}`);
}
