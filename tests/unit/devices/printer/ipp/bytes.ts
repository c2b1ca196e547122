// Writing IPP messages by hand, octet by octet, as RFC 8010's examples are laid out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
export const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
export const ascii = (s: string): number[] => [...Buffer.from(s, 'utf8')];
/** value-tag, name-length, name, value-length, value. */
export const attr = (tag: number, name: string, value: number[]): number[] => [
  tag,
  ...u16(Buffer.byteLength(name)),
  ...ascii(name),
  ...u16(value.length),
  ...value,
];
export const header = (version: [number, number], code: number, requestId: number): number[] => [...version, ...u16(code), ...u32(requestId)];
export const bytes = (...parts: (number | number[])[]): Uint8Array => Uint8Array.from(parts.flat());
export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/ipp');
/** A response captured from a real cupsd (2.4.2) by the test environment's queues; see tests/fixtures/ipp/README.md. */
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)));
export const FIXTURES = [
  'print-job.bin',
  'get-printer-attributes.bin',
  'get-jobs.bin',
  'get-job-attributes.bin',
  'cups-get-printers.bin',
  'error-not-found.bin',
  'error-bad-job.bin',
];
