// The scan preview comes from the JPEG's DC coefficients. Checked against pdf.js's full JPEG decoder
// (block means of its output) on JPEGs scanimage wrote (fixtures/, made with the SANE test backend at
// 30 dpi) and on JPEGs with restart markers from the test's own tiny encoder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error pdfjs-dist ships no types for its image decoders
import { JpegImage } from 'pdfjs-dist/image_decoders/pdf.image_decoders.mjs';
import { decodeJpegDc, JpegDcDecoder, JpegPreviewError, readJpegInfo, type PreviewImage } from '../../../../src/devices/scanner/jpeg-preview';
import { encodeTinyJpeg } from './tiny-jpeg-encoder';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name)));

/** Mean absolute difference between our preview and the 8×8 block means of pdf.js's full decode. */
function compareWithReference(jpeg: Uint8Array, preview: PreviewImage): { mean: number; max: number } {
  const ref = new JpegImage();
  ref.parse(jpeg);
  const w: number = ref.width;
  const h: number = ref.height;
  const nc = preview.channels;
  const data: Uint8ClampedArray = ref.getData({ width: w, height: h, forceRGB: nc === 3, isSourcePDF: false });
  let sum = 0;
  let n = 0;
  let max = 0;
  for (let by = 0; by < Math.floor(h / 8); by++)
    for (let bx = 0; bx < Math.floor(w / 8); bx++)
      for (let c = 0; c < nc; c++) {
        let s = 0;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += data[((by * 8 + y) * w + bx * 8 + x) * nc + c]!;
        const d = Math.abs(preview.pixels[(by * preview.width + bx) * nc + c]! - s / 64);
        sum += d;
        n++;
        max = Math.max(max, d);
      }
  return { mean: sum / n, max };
}

describe('decodeJpegDc on scanimage JPEGs', () => {
  it.each(['gray-grid-30dpi.jpg', 'gray-pattern-30dpi.jpg', 'color-grid-30dpi.jpg'])('%s: 1/8 scale, equal to the block means of a full decode', (name) => {
    const jpeg = fixture(name);
    const info = readJpegInfo(jpeg);
    const preview = decodeJpegDc(jpeg);
    expect(preview.width).toBe(Math.ceil(info.width / 8));
    expect(preview.height).toBe(Math.ceil(info.height / 8));
    expect(preview.channels).toBe(name.startsWith('gray') ? 1 : 3);
    const diff = compareWithReference(jpeg, preview);
    expect(diff.mean).toBeLessThan(0.5);
    expect(diff.max).toBeLessThan(3);
  });

  it('color pattern: luma is exact, colour is only as good as 4:2:0 chroma allows', () => {
    const jpeg = fixture('color-pattern-30dpi.jpg');
    const preview = decodeJpegDc(jpeg);
    const ref = new JpegImage();
    ref.parse(jpeg);
    const data: Uint8ClampedArray = ref.getData({ width: ref.width, height: ref.height, forceRGB: true, isSourcePDF: false });
    const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
    let sum = 0;
    let n = 0;
    for (let by = 0; by < Math.floor(ref.height / 8); by++)
      for (let bx = 0; bx < Math.floor(ref.width / 8); bx++) {
        let s = 0;
        for (let y = 0; y < 8; y++)
          for (let x = 0; x < 8; x++) {
            const o = ((by * 8 + y) * ref.width + bx * 8 + x) * 3;
            s += luma(data[o]!, data[o + 1]!, data[o + 2]!);
          }
        const o = (by * preview.width + bx) * 3;
        sum += Math.abs(luma(preview.pixels[o]!, preview.pixels[o + 1]!, preview.pixels[o + 2]!) - s / 64);
        n++;
      }
    // Not 0: per-pixel clamping of saturated colours does not commute with averaging.
    expect(sum / n).toBeLessThan(3);
  });

  it('gives the same image when the JPEG arrives in small chunks, as from scanimage’s stdout', () => {
    const jpeg = fixture('color-grid-30dpi.jpg');
    const whole = decodeJpegDc(jpeg);
    for (const size of [1, 7, 512, 4096]) {
      const d = new JpegDcDecoder();
      for (let i = 0; i < jpeg.length; i += size) d.push(jpeg.subarray(i, i + size));
      expect(Buffer.from(d.finish().pixels).equals(Buffer.from(whole.pixels))).toBe(true);
      expect(Buffer.from(d.bytes()).equals(Buffer.from(jpeg))).toBe(true);
    }
  });

  it('refuses a progressive JPEG (pdftoppm -jpegopt progressive=y) and a truncated one', () => {
    expect(() => decodeJpegDc(fixture('progressive.jpg'))).toThrow(JpegPreviewError);
    const jpeg = fixture('gray-grid-30dpi.jpg');
    expect(() => decodeJpegDc(jpeg.subarray(0, 400))).toThrow(JpegPreviewError);
    expect(() => decodeJpegDc(Uint8Array.of(1, 2, 3))).toThrow(JpegPreviewError);
  });
});

describe('decodeJpegDc on exact, hand-built JPEGs', () => {
  const levels = (count: number, seed: number): number[] => Array.from({ length: count }, (_, i) => ((i * 37 + seed * 11) % 200) - 100);

  it.each([
    { restartInterval: 0, withAc: false },
    { restartInterval: 3, withAc: false },
    { restartInterval: 1, withAc: true },
    { restartInterval: 5, withAc: true },
  ])('gray 8×4 blocks, restart interval $restartInterval, AC $withAc: every block mean exact', ({ restartInterval, withAc }) => {
    const dc = levels(32, 1);
    const jpeg = encodeTinyJpeg({ width: 64, height: 32, components: [{ id: 1, h: 1, v: 1 }], dc: [dc], q0: 8, restartInterval, withAc });
    const preview = decodeJpegDc(jpeg);
    expect(preview).toMatchObject({ width: 8, height: 4, channels: 1 });
    expect([...preview.pixels]).toEqual(dc.map((d) => d + 128));
    // The encoder is right too: pdf.js reads the same image.
    expect(compareWithReference(jpeg, preview).max).toBeLessThan(1.5);
  });

  it('color 4:2:0 with restarts: luma per block, chroma per 2×2 blocks', () => {
    const yDc = levels(16, 2); // 32×32 px → 4×4 Y blocks
    const cbDc = [0, 0, 0, 0];
    const crDc = [0, 0, 0, 0];
    const jpeg = encodeTinyJpeg({
      width: 32,
      height: 32,
      components: [
        { id: 1, h: 2, v: 2 },
        { id: 2, h: 1, v: 1 },
        { id: 3, h: 1, v: 1 },
      ],
      dc: [yDc, cbDc, crDc],
      q0: 8,
      restartInterval: 1,
      withAc: true,
    });
    const preview = decodeJpegDc(jpeg);
    expect(preview).toMatchObject({ width: 4, height: 4, channels: 3 });
    // Y blocks of an MCU come in 2×2 order; with neutral chroma, R = G = B = Y.
    const expected = [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15].map((i) => yDc[i]! + 128);
    const pixelAt = (x: number, y: number) => preview.pixels[(y * 4 + x) * 3]!;
    const byMcu: number[] = [];
    for (const [mx, my] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const)
      for (const [bx, by] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const)
        byMcu.push(pixelAt(mx * 2 + bx, my * 2 + by));
    expect(byMcu).toEqual(expected);
    expect(compareWithReference(jpeg, preview).max).toBeLessThan(1.5);
  });
});
