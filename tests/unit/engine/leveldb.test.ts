// The LevelDB reader behind the receipt's storage count, on files written here by the format's rules: write-ahead
// logs (whole and fragmented records, deletions, a record cut short), tables (plain and Snappy blocks), and what
// wins between them (the newest sequence number).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LevelDbFormatError, liveLevelDbKeys, snappyUncompress } from '../../../src/engine/leveldb';
import { countLocalStorageEntries, localStorageDir } from '../../../src/engine/chromium/profile-storage';
import { useScratchDir } from '../../support/scratch';

const scratch = useScratchDir('leveldb-');

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
const prefixed = (b: Buffer) => Buffer.concat([varint(b.length), b]);

type Op = { put: string; value?: string } | { del: string };

function batch(seq: number, ops: Op[]): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(seq), 0);
  head.writeUInt32LE(ops.length, 8);
  const body = ops.map((op) =>
    'put' in op
      ? Buffer.concat([Buffer.from([1]), prefixed(Buffer.from(op.put, 'latin1')), prefixed(Buffer.from(op.value ?? 'v'))])
      : Buffer.concat([Buffer.from([0]), prefixed(Buffer.from(op.del, 'latin1'))]),
  );
  return Buffer.concat([head, ...body]);
}

/** A log file: each batch as records of at most `maxFragment` bytes, never crossing a 32 KB block. */
function logFile(batches: Buffer[], maxFragment = 32_768): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  const record = (type: number, data: Buffer) => {
    const header = Buffer.alloc(7);
    header.writeUInt16LE(data.length, 4);
    header[6] = type;
    parts.push(header, data);
    pos += 7 + data.length;
  };
  for (const b of batches) {
    let offset = 0;
    let first = true;
    do {
      const left = 32_768 - (pos % 32_768);
      if (left < 7) {
        parts.push(Buffer.alloc(left));
        pos += left;
        continue;
      }
      const n = Math.min(b.length - offset, left - 7, maxFragment);
      const last = offset + n === b.length;
      record(first && last ? 1 : first ? 2 : last ? 4 : 3, b.subarray(offset, offset + n));
      offset += n;
      first = false;
    } while (offset < b.length);
  }
  return Buffer.concat(parts);
}

/** Snappy with literals and copies (of the previous bytes), as a compressor would emit them. */
function snappyOf(data: Buffer): Buffer {
  const out: Buffer[] = [varint(data.length)];
  let i = 0;
  while (i < data.length) {
    // A copy of the 8 bytes before, when they repeat (tag 2: 2-byte offset).
    if (i >= 8 && i + 8 <= data.length && data.subarray(i, i + 8).equals(data.subarray(i - 8, i))) {
      out.push(Buffer.from([((8 - 1) << 2) | 2]), Buffer.from([8, 0]));
      i += 8;
      continue;
    }
    const n = Math.min(16, data.length - i);
    out.push(Buffer.from([((n - 1) << 2) | 0]), data.subarray(i, i + n));
    i += n;
  }
  return Buffer.concat(out);
}

function block(entries: { key: Buffer; value: Buffer }[]): Buffer {
  const body = entries.map((e) => Buffer.concat([varint(0), varint(e.key.length), varint(e.value.length), e.key, e.value]));
  const restarts = Buffer.alloc(8);
  restarts.writeUInt32LE(0, 0);
  restarts.writeUInt32LE(1, 4);
  return Buffer.concat([...body, restarts]);
}

function internalKey(key: string, seq: number, type: 0 | 1): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeBigUInt64LE((BigInt(seq) << 8n) | BigInt(type));
  return Buffer.concat([Buffer.from(key, 'latin1'), trailer]);
}

/** A table of one data block (Snappy-compressed or not) and its index. */
function tableFile(entries: { key: string; seq: number; type: 0 | 1 }[], compressed: boolean): Buffer {
  const raw = block(entries.map((e) => ({ key: internalKey(e.key, e.seq, e.type), value: Buffer.from('value') })));
  const data = compressed ? snappyOf(raw) : raw;
  const trailer = Buffer.from([compressed ? 1 : 0, 0, 0, 0, 0]);
  const dataHandle = Buffer.concat([varint(0), varint(data.length)]);
  const index = block([{ key: internalKey(entries.at(-1)!.key, 0, 1), value: dataHandle }]);
  const indexOffset = data.length + 5;
  const footer = Buffer.alloc(48);
  const handles = Buffer.concat([varint(0), varint(0), varint(indexOffset), varint(index.length)]);
  handles.copy(footer);
  footer.writeBigUInt64LE(0xdb4775248b80fb57n, 40);
  return Buffer.concat([data, trailer, index, Buffer.from([0, 0, 0, 0, 0]), footer]);
}

describe('snappyUncompress', () => {
  it('undoes literals and overlapping copies', () => {
    const text = Buffer.from('abcdefghabcdefghabcdefgh-the end, abcdefghabcdefgh');
    expect(snappyUncompress(snappyOf(text)).toString()).toBe(text.toString());
    // A 1-byte-offset copy that overlaps itself: "ab" then copy 6 from offset 2.
    expect(snappyUncompress(Buffer.from([8, (1 << 2) | 0, 0x61, 0x62, ((6 - 4) << 2) | 1, 2])).toString()).toBe('abababab');
  });

  it('refuses a copy reaching before the start', () => {
    expect(() => snappyUncompress(Buffer.from([4, ((4 - 4) << 2) | 1, 9]))).toThrow(LevelDbFormatError);
  });
});

describe('liveLevelDbKeys', () => {
  it('replays logs: puts, overwrites, deletions, batches split across blocks; a record cut short is left out', async () => {
    const dir = path.join(scratch(), 'log');
    await mkdir(dir);
    const big = 'x'.repeat(40_000);
    const log = logFile(
      [batch(1, [{ put: 'a' }, { put: 'b' }, { put: 'c' }]), batch(4, [{ del: 'b' }, { put: 'big', value: big }]), batch(6, [{ put: 'a', value: 'again' }])],
      1000,
    );
    const cut = logFile([batch(7, [{ put: 'half-written' }])]);
    await writeFile(path.join(dir, '000003.log'), Buffer.concat([log, cut.subarray(0, cut.length - 3)]));
    expect((await liveLevelDbKeys(dir)).sort()).toEqual(['a', 'big', 'c']);
  });

  it('reads tables, plain and Snappy, and lets the newest sequence number win over them and the log', async () => {
    const dir = path.join(scratch(), 'tables');
    await mkdir(dir);
    await writeFile(
      path.join(dir, '000005.ldb'),
      tableFile(
        [
          { key: 'old-1', seq: 1, type: 1 },
          { key: 'old-2', seq: 2, type: 1 },
          { key: 'removed-later', seq: 3, type: 1 },
        ],
        true,
      ),
    );
    await writeFile(
      path.join(dir, '000006.sst'),
      tableFile(
        [
          { key: 'old-2', seq: 9, type: 0 },
          { key: 'plain', seq: 10, type: 1 },
        ],
        false,
      ),
    );
    await writeFile(path.join(dir, '000007.log'), logFile([batch(11, [{ del: 'removed-later' }, { put: 'new' }])]));
    expect((await liveLevelDbKeys(dir)).sort()).toEqual(['new', 'old-1', 'plain']);
  });

  it('is empty for a profile without the database, and throws on a file it cannot read', async () => {
    expect(await liveLevelDbKeys(path.join(scratch(), 'nothing'))).toEqual([]);
    const dir = path.join(scratch(), 'bad');
    await mkdir(dir);
    await writeFile(path.join(dir, '000009.ldb'), Buffer.alloc(100, 7));
    await expect(liveLevelDbKeys(dir)).rejects.toThrow(LevelDbFormatError);
  });
});

describe('countLocalStorageEntries', () => {
  it("counts Chromium's Local Storage entries of every storage key, not its bookkeeping", async () => {
    const profile = path.join(scratch(), 'profile');
    const dir = localStorageDir(profile);
    await mkdir(dir, { recursive: true });
    const ops: Op[] = [
      { put: 'VERSION' },
      { put: 'META:http://127.0.0.1:8000' },
      { put: 'METAACCESS:http://127.0.0.1:8000' },
      { put: '_http://127.0.0.1:8000\0\u0001name' },
      { put: '_http://127.0.0.1:8000\0\u0000\u00fcber' },
      { put: '_https://idp.example^0https://top.example\0\u0001partitioned' },
    ];
    await writeFile(path.join(dir, '000003.log'), logFile([batch(1, ops)]));
    expect(await countLocalStorageEntries(profile)).toBe(3);
  });
});
