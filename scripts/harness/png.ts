// A tiny PNG encoder (8-bit grayscale) for the test scanner's pages: a sheet with a title bar,
// lines of "text" and the page number drawn as bars, so previews and PDFs show something real.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

export function encodeGrayPng(width: number, height: number, pixel: (x: number, y: number) => number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]));
}

/** An A4-proportioned "scanned" page (150 px per 25 mm ≈ 60 dpi), different for each page number. */
export function scannedPagePng(page: number, width = 496, height = 702): Uint8Array {
  const margin = 40;
  return encodeGrayPng(width, height, (x, y) => {
    if (x < margin || x >= width - margin || y < margin || y >= height - margin) return 250;
    // Title bar.
    if (y < margin + 40) return x < width / 2 ? 40 : 250;
    // Page number: `page` thick bars at the top right.
    if (y > margin + 60 && y < margin + 100) {
      const bar = Math.floor((x - (width - margin - 30 * page)) / 30);
      if (bar >= 0 && bar < page && (x - (width - margin - 30 * page)) % 30 < 18) return 20;
    }
    // Lines of text, of varying length.
    const line = Math.floor((y - margin - 130) / 28);
    if (line >= 0 && (y - margin - 130) % 28 < 12) {
      const length = width - 2 * margin - ((line * 97 + page * 31) % 180);
      return x - margin < length ? 90 : 250;
    }
    return 250;
  });
}
