// What a caught value says, for a log line or a diagnostic: anything can be thrown, not only an Error.

/** The message of an Error, else the value as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
