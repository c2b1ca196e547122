#!/usr/bin/env node
// Renders assets/icon.svg into the PNGs and the .ico that packaging uses, with the machine's
// Chromium (no image tool needed): build/icons/<N>x<N>.png (Linux hicolor sizes), build/icon.png
// (512), build/icon.ico (Windows: 16–256, PNG-compressed entries), assets/icon.png (256).
// Run: node build/icons/render.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** An .ico holding PNG images (read by Windows Vista and later, and by NSIS). */
export function icoFromPngs(entries) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(entries.length, 4);
  const dir = Buffer.alloc(16 * entries.length);
  let offset = 6 + dir.length;
  entries.forEach(({ size, png }, i) => {
    const at = i * 16;
    dir.writeUInt8(size >= 256 ? 0 : size, at);
    dir.writeUInt8(size >= 256 ? 0 : size, at + 1);
    dir.writeUInt8(0, at + 2); // no palette
    dir.writeUInt8(0, at + 3);
    dir.writeUInt16LE(1, at + 4); // planes
    dir.writeUInt16LE(32, at + 6); // bits per pixel
    dir.writeUInt32LE(png.length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...entries.map((e) => e.png)]);
}

async function main() {
  const svg = await readFile(path.join(root, 'assets', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      const sized = svg.replace('width="512" height="512"', `width="${size}" height="${size}"`);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      const png = await page.locator('svg').screenshot({ omitBackground: true });
      pngs.set(size, png);
      await writeFile(path.join(root, 'build', 'icons', `${size}x${size}.png`), png);
    }
    await writeFile(path.join(root, 'build', 'icon.png'), pngs.get(512));
    await writeFile(path.join(root, 'assets', 'icon.png'), pngs.get(256));
    await writeFile(path.join(root, 'build', 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
    console.log(`icons: ${SIZES.join(', ')} px, icon.png, icon.ico`);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
