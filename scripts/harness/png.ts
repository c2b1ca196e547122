// A tiny PNG encoder (8-bit grayscale) for the test scanner's pages: a sheet with a title bar,
// lines of "text" and the page number drawn as bars, so previews and PDFs show something real.
import { pngFile } from '../../src/base/node/png';

export function encodeGrayPng(width: number, height: number, pixel: (x: number, y: number) => number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  }
  return new Uint8Array(pngFile(width, height, 0, raw));
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
