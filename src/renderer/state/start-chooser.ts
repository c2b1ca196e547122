// A démarche's start chooser asked for from outside the catalog: the code keypad's « Ouvrir Ma messagerie » goes back
// to the catalog (HOME), which opens that chooser when it comes. Forgotten when the visit ends (App), so it never
// reaches the next resident.
let pending: string | null = null;

export function requestStartChooser(demarcheId: string): void {
  pending = demarcheId;
}

/** The chooser asked for, once; null when none is. */
export function takeStartChooser(): string | null {
  const id = pending;
  pending = null;
  return id;
}

export function forgetStartChooser(): void {
  pending = null;
}
