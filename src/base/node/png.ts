// A PNG file around 8-bit scanlines (each row: a filter byte, then its pixels), for the few images the cabin makes
// itself: the Chromium shell's screenshots of the display, the test scanner's pages.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `colorType`: 0 grayscale (1 byte a pixel), 2 RGB (3 bytes). `level`: zlib's, faster when lower. */
export function pngFile(width: number, height: number, colorType: 0 | 2, scanlines: Uint8Array, level = 6): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = colorType;
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(scanlines, { level })), chunk('IEND', new Uint8Array())]);
}
