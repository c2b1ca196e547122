// What the audits and benches share about their flags: a flag they do not know is an error (exit 2), never
// ignored — `--sesions 20` must not quietly run the default 200 sessions.

/** Throws `unknown argument --x` for the first flag of `values` that is not one of `known`. */
export function rejectUnknownFlags(values: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(values).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new Error(`unknown argument ${unknown.length === 1 ? '-' : '--'}${unknown}`);
}
