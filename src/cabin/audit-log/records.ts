// What the audit log may hold: a closed whitelist of record shapes made of ids, counts, reasons
// and timestamps. Every record is checked against it before it is written; a field that is not
// listed here (a URL, a file name, a page title…) makes the record refused, never written.
import { z } from 'zod';
import { AGENT_ACTIONS, DEVICE_KINDS, ENDING_REASONS, OUT_OF_SERVICE_REASONS, PRINT_FAULTS, SCAN_FAULTS } from '../../shared/session/types';

const count = z.number().int().min(0).max(1_000_000);
/** Catalog ids are slugs; the log also checks them against the configured catalog. */
const demarcheId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

/** Every fault code a device may report, plus "absent" (unplugged, not found). */
export const DEVICE_FAULT_CODES = [...new Set([...PRINT_FAULTS, ...SCAN_FAULTS, 'absent'] as const)];

export const recordFields = {
  boot: z.strictObject({ version: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/) }),
  'session-start': z.strictObject({ assisted: z.boolean() }),
  'session-end': z.strictObject({
    /** Démarches opened during the session, in order, each once. */
    demarches: z.array(demarcheId).max(50),
    durationS: count,
    ending: z.enum(ENDING_REASONS),
    assisted: z.boolean(),
    pagesPrinted: count,
    printJobs: count,
    pagesScanned: count,
    scans: count,
    downloads: count,
  }),
  wipe: z.strictObject({
    ok: z.boolean(),
    attempt: z.number().int().min(1).max(100),
    /** Known when the wipe succeeded (from its receipt). */
    durationMs: count.nullable(),
    files: count.nullable(),
    bytes: z.number().int().min(0).nullable(),
  }),
  'out-of-service': z.strictObject({ reason: z.enum(OUT_OF_SERVICE_REASONS) }),
  'device-fault': z.strictObject({ device: z.enum(DEVICE_KINDS), fault: z.enum(DEVICE_FAULT_CODES) }),
  /** An action of the agent's panel in an assisted session (issue 15): which, and how many — never the host, the pages or who. */
  assisted: z.strictObject({ action: z.enum(AGENT_ACTIONS), count: z.number().int().min(1).max(100) }),
} as const;

export type RecordType = keyof typeof recordFields;
export const RECORD_TYPES = Object.keys(recordFields) as RecordType[];
export type RecordFields<T extends RecordType> = z.infer<(typeof recordFields)[T]>;

/** A line of the log: format version, type, UTC time to the minute, then the type's fields. */
export type AuditRecord = { [T in RecordType]: { v: 1; type: T; at: string } & RecordFields<T> }[RecordType];

const envelope = z.object({
  v: z.literal(1),
  type: z.enum(Object.keys(recordFields) as [RecordType, ...RecordType[]]),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/),
});

/** Reads one line back: the same whitelist, plus the envelope. Null for anything else (a torn last line after a power cut…). */
export function parseAuditLine(line: string): AuditRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const head = envelope.safeParse(raw);
  if (!head.success) return null;
  const { v: _v, type: _t, at: _a, ...fields } = raw as Record<string, unknown>;
  const body = recordFields[head.data.type].safeParse(fields);
  return body.success ? ({ v: 1, type: head.data.type, at: head.data.at, ...body.data } as AuditRecord) : null;
}

/** Time kept in the log: to the minute (enough for statistics by hour; less to link to a person). */
export function minuteStamp(date: Date): string {
  return date.toISOString().slice(0, 16) + 'Z';
}

export class AuditRecordRejected extends Error {
  constructor(
    readonly recordType: string,
    readonly reasons: string[],
  ) {
    super(`audit record "${recordType}" refused: ${reasons.join('; ')}`);
    this.name = 'AuditRecordRejected';
  }
}

/**
 * Checks fields against the whitelist of their record type. Unknown fields are refused (not
 * silently dropped), so that a caller passing something personal learns it at once.
 */
export function checkRecordFields<T extends RecordType>(type: T, fields: unknown, knownDemarches?: ReadonlySet<string>): RecordFields<T> {
  const schema = recordFields[type];
  if (!schema) throw new AuditRecordRejected(String(type), ['unknown record type']);
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    throw new AuditRecordRejected(
      type,
      parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(record)'}: ${i.code === 'unrecognized_keys' ? `field(s) not allowed: ${i.keys.join(', ')}` : i.message}`,
      ),
    );
  }
  if (type === 'session-end' && knownDemarches) {
    const unknown = (parsed.data as RecordFields<'session-end'>).demarches.filter((d) => !knownDemarches.has(d));
    if (unknown.length > 0) throw new AuditRecordRejected(type, [`demarches: not in the catalog: ${unknown.length} id(s)`]);
  }
  return parsed.data as RecordFields<T>;
}
