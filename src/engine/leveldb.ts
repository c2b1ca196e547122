// A read-only view of a LevelDB directory as Chromium leaves it in a profile (Local Storage/leveldb):
// the live keys, replayed from its write-ahead logs (*.log) and its tables (*.ldb, *.sst, Snappy or
// uncompressed blocks), the newest sequence number of each key winning, deletions included. Enough
// to count what a profile stores without asking the browser; no checksum is verified, and anything
// this reader does not understand throws (the caller then counts another way).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const LOG_BLOCK = 32_768;
const LOG_HEADER = 7;
const TABLE_MAGIC = 0xdb4775248b80fb57n;
const TYPE_DELETION = 0;
const TYPE_VALUE = 1;

export class LevelDbFormatError extends Error {}

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly end = buf.length,
  ) {}
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new LevelDbFormatError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new LevelDbFormatError('varint too long');
    }
  }
  bytes(n: number): Buffer {
    if (this.pos + n > this.end) throw new LevelDbFormatError('truncated entry');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  lengthPrefixed(): Buffer {
    return this.bytes(this.varint());
  }
}

/** Snappy's raw format (what LevelDB compresses table blocks with). */
export function snappyUncompress(input: Buffer): Buffer {
  const r = new Reader(input);
  const out = Buffer.alloc(r.varint());
  let o = 0;
  while (r.pos < input.length) {
    const tag = input[r.pos++]!;
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        len = tag >> 2;
        if (len >= 60) {
          const n = len - 59;
          len = input.readUIntLE(r.pos, n);
          r.pos += n;
        }
        len += 1;
        const lit = r.bytes(len);
        if (o + len > out.length) throw new LevelDbFormatError('snappy literal overflows');
        lit.copy(out, o);
        o += len;
        continue;
      }
      case 1:
        len = 4 + ((tag >> 2) & 7);
        offset = ((tag >> 5) << 8) | r.bytes(1)[0]!;
        break;
      case 2:
        len = (tag >> 2) + 1;
        offset = r.bytes(2).readUInt16LE(0);
        break;
      default:
        len = (tag >> 2) + 1;
        offset = r.bytes(4).readUInt32LE(0);
    }
    if (offset === 0 || offset > o || o + len > out.length) throw new LevelDbFormatError('snappy copy out of range');
    // Byte by byte: a copy may overlap what it writes.
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== out.length) throw new LevelDbFormatError('snappy length mismatch');
  return out;
}

interface Entry {
  seq: bigint;
  type: number;
}

type Latest = Map<string, Entry>;

function put(latest: Latest, key: Buffer, seq: bigint, type: number) {
  if (type !== TYPE_VALUE && type !== TYPE_DELETION) throw new LevelDbFormatError(`unknown value type ${type}`);
  // latin1: one char per byte, so distinct keys stay distinct.
  const k = key.toString('latin1');
  const prev = latest.get(k);
  if (!prev || prev.seq < seq) latest.set(k, { seq, type });
}

/** The write batches of one log file; a record cut short at the end (being written) is left out. */
function replayLog(buf: Buffer, latest: Latest) {
  let pos = 0;
  let pending: Buffer[] = [];
  while (pos + LOG_HEADER <= buf.length) {
    const leftInBlock = LOG_BLOCK - (pos % LOG_BLOCK);
    if (leftInBlock < LOG_HEADER) {
      pos += leftInBlock;
      continue;
    }
    const length = buf.readUInt16LE(pos + 4);
    const type = buf[pos + 6]!;
    const start = pos + LOG_HEADER;
    if (type === 0 && length === 0) {
      // Zero padding (preallocated space): nothing more in this block.
      pos += leftInBlock;
      continue;
    }
    if (start + length > buf.length) break;
    const data = buf.subarray(start, start + length);
    pos = start + length;
    if (type === 1) replayBatch(data, latest);
    else if (type === 2) pending = [data];
    else if (type === 3) pending.push(data);
    else if (type === 4) {
      pending.push(data);
      replayBatch(Buffer.concat(pending), latest);
      pending = [];
    } else throw new LevelDbFormatError(`unknown log record type ${type}`);
  }
}

function replayBatch(batch: Buffer, latest: Latest) {
  if (batch.length < 12) throw new LevelDbFormatError('write batch too short');
  let seq = batch.readBigUInt64LE(0);
  const count = batch.readUInt32LE(8);
  const r = new Reader(batch, 12);
  for (let i = 0; i < count; i++, seq++) {
    const type = r.bytes(1)[0]!;
    const key = r.lengthPrefixed();
    if (type === TYPE_VALUE) r.lengthPrefixed();
    put(latest, key, seq, type);
  }
}

function blockAt(file: Buffer, handle: Reader): Buffer {
  const offset = handle.varint();
  const size = handle.varint();
  if (offset + size + 5 > file.length) throw new LevelDbFormatError('block out of the file');
  const raw = file.subarray(offset, offset + size);
  const compression = file[offset + size]!;
  if (compression === 0) return raw;
  if (compression === 1) return snappyUncompress(raw);
  throw new LevelDbFormatError(`unknown block compression ${compression}`);
}

function blockEntries(block: Buffer): { key: Buffer; value: Buffer }[] {
  if (block.length < 4) throw new LevelDbFormatError('block too short');
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  if (end < 0) throw new LevelDbFormatError('bad restart count');
  const r = new Reader(block, 0, end);
  const entries: { key: Buffer; value: Buffer }[] = [];
  let last = Buffer.alloc(0);
  while (r.pos < end) {
    const shared = r.varint();
    const unshared = r.varint();
    const valueLength = r.varint();
    if (shared > last.length) throw new LevelDbFormatError('bad shared key prefix');
    const key = Buffer.concat([last.subarray(0, shared), r.bytes(unshared)]);
    entries.push({ key, value: r.bytes(valueLength) });
    last = key;
  }
  return entries;
}

function replayTable(file: Buffer, latest: Latest) {
  if (file.length < 48) throw new LevelDbFormatError('table too short');
  if (file.readBigUInt64LE(file.length - 8) !== TABLE_MAGIC) throw new LevelDbFormatError('not a table');
  const footer = new Reader(file, file.length - 48);
  footer.varint(); // the metaindex block's handle (filters): not needed
  footer.varint();
  const index = blockAt(file, footer);
  for (const { value } of blockEntries(index)) {
    for (const { key } of blockEntries(blockAt(file, new Reader(value)))) {
      if (key.length < 8) throw new LevelDbFormatError('internal key too short');
      const trailer = key.readBigUInt64LE(key.length - 8);
      put(latest, key.subarray(0, key.length - 8), trailer >> 8n, Number(trailer & 0xffn));
    }
  }
}

/**
 * The keys live in the LevelDB at `dir` (latin1 strings, one char per byte); an empty list when
 * there is no such directory. Throws LevelDbFormatError on what it cannot read.
 */
export async function liveLevelDbKeys(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const latest: Latest = new Map();
  for (const name of names) {
    const file = /\.log$/.test(name) ? 'log' : /\.(ldb|sst)$/.test(name) ? 'table' : null;
    if (!file) continue;
    const buf = await readFile(path.join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      // Compacted away between readdir and here: its entries are in a newer file.
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (!buf) continue;
    if (file === 'log') replayLog(buf, latest);
    else replayTable(buf, latest);
  }
  return [...latest].filter(([, e]) => e.type === TYPE_VALUE).map(([k]) => k);
}
