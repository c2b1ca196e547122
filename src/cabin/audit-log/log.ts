// The audit log: JSON lines appended to `audit-YYYY-MM[.N].jsonl` in the state directory,
// one file per month (UTC), a new part when a file reaches its size limit, old months removed
// after `keepMonths`. Files 0600 in a 0700 directory; opened O_APPEND and never rewritten.
// Writes are synchronous and small (a handful per session) so that records keep their order
// and a power cut loses at most the line being written.
import { chmodSync, closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, readdirSync, statSync, unlinkSync, writeSync, constants } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkRecordFields, minuteStamp, parseAuditLine, type AuditRecord, type RecordFields, type RecordType } from './records';

export interface AuditLogOptions {
  /** State directory (config `paths.stateDir`, default $XDG_STATE_HOME/cabine). */
  dir: string;
  /** A file grows to this size before the next part starts. Default 5 MiB. */
  maxFileBytes?: number;
  /** Months kept, the current one included. Default 25 (this year and last, for yearly reports). */
  keepMonths?: number;
  /** Catalog ids: a session-end naming anything else is refused. */
  knownDemarches?: readonly string[];
  now?: () => Date;
}

const FILE_RE = /^audit-(\d{4})-(\d{2})(?:\.(\d+))?\.jsonl$/;

export function auditFileName(month: string, part: number): string {
  return part === 0 ? `audit-${month}.jsonl` : `audit-${month}.${part}.jsonl`;
}

interface LogFile {
  name: string;
  month: string;
  part: number;
}

function listLogFiles(dir: string, names: readonly string[]): LogFile[] {
  return names
    .map((name) => FILE_RE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0], month: `${m[1]}-${m[2]}`, part: m[3] ? Number(m[3]) : 0 }))
    .sort((a, b) => (a.month === b.month ? a.part - b.part : a.month < b.month ? -1 : 1));
}

/** `2026-11` shifted by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Default state directory: $XDG_STATE_HOME/cabine, else ~/.local/state/cabine. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME ?? '/var/lib/cabine', '.local', 'state');
  return path.join(base, 'cabine');
}

export class AuditLog {
  private readonly maxFileBytes: number;
  private readonly keepMonths: number;
  private readonly known: ReadonlySet<string> | undefined;
  private readonly now: () => Date;
  private fd: number | null = null;
  private current: LogFile | null = null;
  private size = 0;

  constructor(private readonly options: AuditLogOptions) {
    this.maxFileBytes = options.maxFileBytes ?? 5 * 1024 * 1024;
    this.keepMonths = options.keepMonths ?? 25;
    this.known = options.knownDemarches ? new Set(options.knownDemarches) : undefined;
    this.now = options.now ?? (() => new Date());
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    // Counts only, but still nobody else's business: tighten a directory created by hand.
    if ((statSync(options.dir).mode & 0o077) !== 0) chmodSync(options.dir, 0o700);
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Checks the fields against the whitelist, then appends one line. Throws AuditRecordRejected. */
  append<T extends RecordType>(type: T, fields: RecordFields<T>): AuditRecord {
    const checked = checkRecordFields(type, fields, this.known);
    const date = this.now();
    const record = { v: 1 as const, type, at: minuteStamp(date), ...checked } as AuditRecord;
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    const fd = this.fileFor(date.toISOString().slice(0, 7), line.length);
    writeSync(fd, line);
    fsyncSync(fd);
    this.size += line.length;
    return record;
  }

  boot(fields: RecordFields<'boot'>) {
    return this.append('boot', fields);
  }
  sessionStart(fields: RecordFields<'session-start'>) {
    return this.append('session-start', fields);
  }
  sessionEnd(fields: RecordFields<'session-end'>) {
    return this.append('session-end', fields);
  }
  wipe(fields: RecordFields<'wipe'>) {
    return this.append('wipe', fields);
  }
  outOfService(fields: RecordFields<'out-of-service'>) {
    return this.append('out-of-service', fields);
  }
  deviceFault(fields: RecordFields<'device-fault'>) {
    return this.append('device-fault', fields);
  }
  assisted(fields: RecordFields<'assisted'>) {
    return this.append('assisted', fields);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.current = null;
  }

  /** The descriptor to write `bytes` more to in `month`, rotating by month and size. */
  private fileFor(month: string, bytes: number): number {
    if (this.fd !== null && this.current?.month === month && this.size + bytes <= this.maxFileBytes) return this.fd;
    this.close();
    const files = listLogFiles(this.options.dir, readdirSync(this.options.dir)).filter((f) => f.month === month);
    let part = files.at(-1)?.part ?? 0;
    for (;;) {
      const name = auditFileName(month, part);
      const fd = openSync(path.join(this.options.dir, name), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
      let size = fstatSync(fd).size;
      if (size === 0 || size + bytes <= this.maxFileBytes) {
        // A line torn by a power cut stays alone on its line: the next record starts on a new one.
        if (size > 0 && !this.endsWithNewline(path.join(this.options.dir, name), size)) {
          writeSync(fd, '\n');
          size += 1;
        }
        this.fd = fd;
        this.current = { name, month, part };
        this.size = size;
        break;
      }
      closeSync(fd);
      part += 1;
    }
    this.removeOldMonths(month);
    return this.fd;
  }

  private endsWithNewline(file: string, size: number): boolean {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      closeSync(fd);
    }
  }

  private removeOldMonths(month: string): void {
    const oldest = addMonths(month, -(this.keepMonths - 1));
    for (const f of listLogFiles(this.options.dir, readdirSync(this.options.dir))) {
      if (f.month < oldest) unlinkSync(path.join(this.options.dir, f.name));
    }
  }
}

export interface ReadResult {
  records: AuditRecord[];
  /** Lines that are not a valid record (a line torn by a power cut, a hand edit). */
  skippedLines: number;
  files: string[];
}

/** Reads the records of the given UTC months (all months when omitted), in order. */
export async function readAuditLog(dir: string, months?: readonly string[]): Promise<ReadResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: 0, files: [] };
    throw error;
  }
  const wanted = months ? new Set(months) : null;
  const files = listLogFiles(dir, names).filter((f) => !wanted || wanted.has(f.month));
  const records: AuditRecord[] = [];
  let skippedLines = 0;
  for (const f of files) {
    const text = await readFile(path.join(dir, f.name), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record = parseAuditLine(line);
      if (record) records.push(record);
      else skippedLines += 1;
    }
  }
  return { records, skippedLines, files: files.map((f) => f.name) };
}
