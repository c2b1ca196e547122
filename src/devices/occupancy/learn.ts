// Helps a technician write a 'report-bit' profile for a device nobody documented: record a few
// reports with the contact open (cabin empty), then closed (occupied); the bits that are
// steady within each recording and differ between them are the candidates.

export interface ReportBitCandidate {
  byte: number;
  bit: number;
  /** true when the bit is 1 while occupied. */
  activeHigh: boolean;
}

function steadyBits(reports: readonly Uint8Array[], length: number): { value: number[]; steady: number[] } {
  const first = reports[0] as Uint8Array;
  const value = Array.from({ length }, (_, i) => first[i] ?? 0);
  const steady = value.map(() => 0xff);
  for (const report of reports) {
    for (let i = 0; i < length; i++) steady[i] = (steady[i] as number) & ~((report[i] ?? 0) ^ (value[i] as number)) & 0xff;
  }
  return { value, steady };
}

/**
 * Candidates, lowest byte first. Empty when either recording is empty or nothing separates them.
 * Reports of other lengths than the first are ignored (another report id or collection).
 */
export function suggestReportBits(emptyReports: readonly Uint8Array[], occupiedReports: readonly Uint8Array[]): ReportBitCandidate[] {
  const length = emptyReports[0]?.length;
  if (length === undefined || occupiedReports.length === 0) return [];
  const sameLength = (r: Uint8Array) => r.length === length;
  const empty = steadyBits(emptyReports.filter(sameLength), length);
  const occupiedSet = occupiedReports.filter(sameLength);
  if (occupiedSet.length === 0) return [];
  const occupied = steadyBits(occupiedSet, length);
  const candidates: ReportBitCandidate[] = [];
  for (let byte = 0; byte < length; byte++) {
    const separating = (empty.steady[byte] as number) & (occupied.steady[byte] as number) & ((empty.value[byte] as number) ^ (occupied.value[byte] as number));
    for (let bit = 0; bit < 8; bit++) {
      if (separating & (1 << bit)) candidates.push({ byte, bit, activeHigh: ((occupied.value[byte] as number) & (1 << bit)) !== 0 });
    }
  }
  return candidates;
}
