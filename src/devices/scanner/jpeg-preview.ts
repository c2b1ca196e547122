// Long file: one incremental decoder (markers, Huffman tables, the DC walk) read top to bottom; split, its state would travel between files.
// A small preview of a scanned page, taken from the JPEG that scanimage writes, without decoding it fully:
// the DC coefficient of each 8×8 block is that block's mean, so the DC values alone are the image at 1/8
// scale (310×439 px for A4 at 300 dpi). Only the Huffman stream is walked: no IDCT, no new dependency.
// The decoder is incremental: it runs on the chunks of scanimage's stdout while the scan goes on, so the
// preview is ready almost as soon as the scan ends.
// Supports what libjpeg (scanimage's encoder) writes: 8-bit sequential Huffman, 1 or 3 components, any
// sampling factors, restart intervals. Progressive or arithmetic-coded JPEGs are refused.

export interface PreviewImage {
  width: number;
  height: number;
  /** 1 (gray) or 3 (RGB) bytes per pixel, rows top to bottom, no padding. */
  channels: 1 | 3;
  pixels: Uint8Array;
}

export interface JpegInfo {
  width: number;
  height: number;
  components: number;
}

export class JpegPreviewError extends Error {
  override name = 'JpegPreviewError';
}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  dcTable: number;
  acTable: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Quantized DC value of every block, row-major over blocksPerLine × blocksPerColumn. */
  dc: Int16Array;
  pred: number;
}

/** Canonical Huffman table with a 9-bit fast lookup; longer codes go through maxcode/valptr. */
interface Huffman {
  /** (length << 8) | symbol for 9-bit prefixes; 0 when the code is longer than 9 bits. */
  fast: Uint16Array;
  /**
   * For AC tables, what a 9-bit prefix does when the code and its extra bits fit in it:
   * bits to drop | (coefficients to advance) << 8, or EOB_FLAG | code length; 0 → slow path.
   */
  fastSkip: Uint16Array;
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
  /** Code and length of symbol 0x00 (EOB in an AC table), length 0 if absent. */
  eob: { code: number; length: number };
}

const FAST_BITS = 9;
const FAST_MASK = (1 << FAST_BITS) - 1;
const EOB_FLAG = 0x8000;
/** Bytes an MCU can never exceed (10 blocks × 64 coefficients × 31 bits, doubled for 0xFF stuffing). */
const MCU_MARGIN = 8192;

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const fast = new Uint16Array(1 << FAST_BITS);
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  const eob = { code: 0, length: 0 };
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!;
    valptr[len] = k;
    mincode[len] = code;
    for (let i = 0; i < n; i++) {
      if (values[k] === 0 && eob.length === 0) Object.assign(eob, { code, length: len });
      if (len <= FAST_BITS) {
        const shift = FAST_BITS - len;
        const base = code << shift;
        for (let j = 0; j < 1 << shift; j++) fast[base + j] = (len << 8) | values[k]!;
      }
      code++;
      k++;
    }
    maxcode[len] = n ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  const fastSkip = new Uint16Array(1 << FAST_BITS);
  for (let p = 0; p < 1 << FAST_BITS; p++) {
    const f = fast[p]!;
    if (!f) continue;
    const length = f >> 8;
    const rs = f & 0xff;
    if (rs === 0) fastSkip[p] = EOB_FLAG | length;
    else if (length + (rs & 15) <= FAST_BITS) fastSkip[p] = (length + (rs & 15)) | (((rs >> 4) + 1) << 8);
  }
  return { fast, fastSkip, maxcode, valptr, mincode, values, eob };
}

/**
 * For a (DC table, AC table) pair: the 9-bit prefixes that hold a whole block — a DC difference and an
 * immediate end-of-block, the usual case on the blank parts of a page. Entry: 1 | bits << 1 | (diff + 1024) << 5.
 */
function buildWholeBlocks(dc: Huffman, ac: Huffman): Int32Array {
  const table = new Int32Array(1 << FAST_BITS);
  if (!ac.eob.length) return table;
  for (let p = 0; p < 1 << FAST_BITS; p++) {
    const f = dc.fast[p]!;
    if (!f) continue;
    const length = f >> 8;
    const s = f & 0xff;
    const total = length + s + ac.eob.length;
    if (total > FAST_BITS) continue;
    const bits = (p >> (FAST_BITS - length - s)) & ((1 << s) - 1);
    const diff = s === 0 ? 0 : bits < 1 << (s - 1) ? bits - (1 << s) + 1 : bits;
    if (((p >> (FAST_BITS - total)) & ((1 << ac.eob.length) - 1)) !== ac.eob.code) continue;
    table[p] = 1 | (total << 1) | ((diff + 1024) << 5);
  }
  return table;
}

const isFrameMarker = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** Reads the frame header only (dimensions, components), e.g. to size a PDF page. */
export function readJpegInfo(jpeg: Uint8Array): JpegInfo {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new JpegPreviewError('not a JPEG');
  let pos = 2;
  while (pos + 10 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) throw new JpegPreviewError('bad marker');
    const marker = jpeg[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (isFrameMarker(marker)) {
      return { height: (jpeg[pos + 5]! << 8) | jpeg[pos + 6]!, width: (jpeg[pos + 7]! << 8) | jpeg[pos + 8]!, components: jpeg[pos + 9]! };
    }
    pos += 2 + ((jpeg[pos + 2]! << 8) | jpeg[pos + 3]!);
  }
  throw new JpegPreviewError('no frame header');
}

/**
 * Incremental DC-only decoder. push() the JPEG's bytes as they arrive, then finish() for the preview.
 * It also keeps the bytes (bytes()), so the caller does not need another copy.
 */
export class JpegDcDecoder {
  private buf = new Uint8Array(1 << 20);
  private len = 0;
  private headerPos = 2;
  private inScan = false;
  private done = false;
  private failure: JpegPreviewError | null = null;

  private readonly quant: Uint16Array[] = [];
  private readonly dcTables: Huffman[] = [];
  private readonly acTables: Huffman[] = [];
  private components: Component[] = [];
  private width = 0;
  private height = 0;
  private restartInterval = 0;
  private hmax = 1;
  private vmax = 1;
  private mcusX = 0;
  private totalMcus = 0;
  /** Per component of the scan: its tables, and the whole-block table of the pair. */
  private scanTables: { dc: Huffman; ac: Huffman; whole: Int32Array }[] = [];

  // Entropy-decoder state, saved between pushes.
  private pos = 0;
  private bitBuf = 0;
  private bitCnt = 0;
  private markerHit = false;
  /** The entropy data ended without a marker: the JPEG was cut short. */
  private ranOut = false;
  private mcu = 0;

  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.len + chunk.length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    if (this.failure || this.done) return;
    try {
      this.advance(false);
    } catch (error) {
      this.failure = error instanceof JpegPreviewError ? error : new JpegPreviewError(String(error));
    }
  }

  /** Everything pushed so far (a view, valid until the next push). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** The 1/8-scale image; throws JpegPreviewError if the JPEG is not one this decoder reads. */
  finish(): PreviewImage {
    if (this.failure) throw this.failure;
    if (!this.done) this.advance(true);
    if (!this.done || this.ranOut) throw new JpegPreviewError('truncated JPEG');
    return this.assemble();
  }

  private advance(final: boolean): void {
    if (!this.inScan) this.readHeaders();
    if (this.inScan && !this.done) {
      this.decodeMcus(final ? Infinity : this.len - MCU_MARGIN);
      if (!final) this.assembleUpTo(this.mcu);
    }
  }

  private readHeaders(): void {
    const b = this.buf;
    if (this.len >= 2 && (b[0] !== 0xff || b[1] !== 0xd8)) throw new JpegPreviewError('not a JPEG');
    let pos = this.headerPos;
    while (pos + 4 <= this.len) {
      if (b[pos] !== 0xff) throw new JpegPreviewError('bad marker');
      const marker = b[pos + 1]!;
      if (marker === 0xff) {
        pos++;
        continue;
      }
      const end = pos + 2 + ((b[pos + 2]! << 8) | b[pos + 3]!);
      if (end > this.len) break; // wait for the rest of the segment
      this.readSegment(marker, pos + 4, end);
      pos = end;
      this.headerPos = pos;
      if (marker === 0xda) {
        this.inScan = true;
        this.pos = pos;
        return;
      }
    }
  }

  private readSegment(marker: number, seg: number, end: number): void {
    const b = this.buf;
    switch (marker) {
      case 0xdb: {
        // DQT: only entry 0 (the DC step) matters here.
        let p = seg;
        while (p < end) {
          const pq = b[p]! >> 4;
          const table = new Uint16Array(64);
          for (let i = 0; i < 64; i++) table[i] = pq ? (b[p + 1 + 2 * i]! << 8) | b[p + 2 + 2 * i]! : b[p + 1 + i]!;
          this.quant[b[p]! & 15] = table;
          p += 1 + (pq ? 128 : 64);
        }
        return;
      }
      case 0xc4: {
        let p = seg;
        while (p < end) {
          const counts = b.slice(p + 1, p + 17);
          let total = 0;
          for (let i = 0; i < 16; i++) total += counts[i]!;
          const table = buildHuffman(counts, b.slice(p + 17, p + 17 + total));
          if (b[p]! >> 4 === 0) this.dcTables[b[p]! & 15] = table;
          else this.acTables[b[p]! & 15] = table;
          p += 17 + total;
        }
        return;
      }
      case 0xdd:
        this.restartInterval = (b[seg]! << 8) | b[seg + 1]!;
        return;
      case 0xc0:
      case 0xc1:
        return this.readFrame(seg);
      case 0xda:
        return this.readScanHeader(seg);
      case 0xd9:
        throw new JpegPreviewError('no scan');
      default:
        if (isFrameMarker(marker)) throw new JpegPreviewError('only sequential Huffman JPEG is supported');
    }
  }

  private readFrame(seg: number): void {
    const b = this.buf;
    if (b[seg] !== 8) throw new JpegPreviewError('only 8-bit JPEG is supported');
    this.height = (b[seg + 1]! << 8) | b[seg + 2]!;
    this.width = (b[seg + 3]! << 8) | b[seg + 4]!;
    const n = b[seg + 5]!;
    if (n !== 1 && n !== 3) throw new JpegPreviewError(`unsupported component count ${n}`);
    if (this.height === 0 || this.width === 0) throw new JpegPreviewError('JPEG without dimensions');
    this.components = [];
    for (let i = 0; i < n; i++) {
      const c = seg + 6 + 3 * i;
      this.components.push({
        id: b[c]!,
        h: b[c + 1]! >> 4,
        v: b[c + 1]! & 15,
        tq: b[c + 2]!,
        dcTable: 0,
        acTable: 0,
        blocksPerLine: 0,
        blocksPerColumn: 0,
        dc: new Int16Array(0),
        pred: 0,
      });
    }
    // A single-component scan is never interleaved: its MCU is one block whatever the sampling factors say.
    if (n === 1) this.components[0]!.h = this.components[0]!.v = 1;
    this.hmax = Math.max(...this.components.map((c) => c.h));
    this.vmax = Math.max(...this.components.map((c) => c.v));
    this.mcusX = Math.ceil(this.width / (8 * this.hmax));
    const mcusY = Math.ceil(this.height / (8 * this.vmax));
    this.totalMcus = this.mcusX * mcusY;
    for (const c of this.components) {
      c.blocksPerLine = this.mcusX * c.h;
      c.blocksPerColumn = mcusY * c.v;
      c.dc = new Int16Array(c.blocksPerLine * c.blocksPerColumn);
    }
  }

  private readScanHeader(seg: number): void {
    const b = this.buf;
    const ns = b[seg]!;
    if (!this.components.length) throw new JpegPreviewError('scan before frame');
    // libjpeg writes one interleaved scan for sequential JPEG; separate scans per component would need another layout.
    if (ns !== this.components.length) throw new JpegPreviewError('non-interleaved scan');
    for (let i = 0; i < ns; i++) {
      const c = this.components.find((x) => x.id === b[seg + 1 + 2 * i]);
      if (!c) throw new JpegPreviewError('scan names an unknown component');
      c.dcTable = b[seg + 2 + 2 * i]! >> 4;
      c.acTable = b[seg + 2 + 2 * i]! & 15;
      if (!this.dcTables[c.dcTable] || !this.acTables[c.acTable]) throw new JpegPreviewError('missing Huffman table');
    }
    this.scanTables = this.components.map((c) => {
      const dc = this.dcTables[c.dcTable]!;
      const ac = this.acTables[c.acTable]!;
      return { dc, ac, whole: buildWholeBlocks(dc, ac) };
    });
  }

  /** Tops the bit buffer up to ≥ 25 bits; after a marker or past the data it feeds zeros, as the standard says. */
  private fill(): void {
    const data = this.buf;
    while (this.bitCnt <= 24) {
      let byte = 0;
      if (!this.markerHit && this.pos >= this.len) this.ranOut = true;
      else if (!this.markerHit) {
        byte = data[this.pos]!;
        if (byte === 0xff) {
          if (data[this.pos + 1] === 0x00) this.pos += 2;
          else {
            this.markerHit = true;
            byte = 0;
          }
        } else this.pos++;
      }
      this.bitBuf = ((this.bitBuf << 8) | byte) >>> 0;
      this.bitCnt += 8;
    }
  }

  /** Next Huffman symbol, for codes the 9-bit table does not hold. Expects ≥ 16 bits buffered. */
  private decodeSlow(t: Huffman): number {
    let l = FAST_BITS + 1;
    let code = (this.bitBuf >>> (this.bitCnt - l)) & ((1 << l) - 1);
    while (l <= 16 && code > t.maxcode[l]!) {
      l++;
      code = (this.bitBuf >>> (this.bitCnt - l)) & ((1 << l) - 1);
    }
    if (l > 16) throw new JpegPreviewError('bad Huffman code');
    this.bitCnt -= l;
    return t.values[t.valptr[l]! + code - t.mincode[l]!]!;
  }

  /** Decodes one block: stores its DC, walks over its AC coefficients. */
  private block(c: Component, dcT: Huffman, acT: Huffman, whole: Int32Array, index: number): void {
    if (this.bitCnt < 16) this.fill();
    const w = whole[(this.bitBuf >>> (this.bitCnt - FAST_BITS)) & FAST_MASK]!;
    if (w) {
      this.bitCnt -= (w >> 1) & 15;
      c.pred += (w >> 5) - 1024;
      c.dc[index] = c.pred;
      return;
    }
    const f = dcT.fast[(this.bitBuf >>> (this.bitCnt - FAST_BITS)) & FAST_MASK]!;
    let s: number;
    if (f) {
      this.bitCnt -= f >> 8;
      s = f & 0xff;
    } else s = this.decodeSlow(dcT);
    if (s) {
      // DC difference: s bits, sign-extended.
      if (this.bitCnt < s) this.fill();
      const bits = (this.bitBuf >>> (this.bitCnt - s)) & ((1 << s) - 1);
      this.bitCnt -= s;
      c.pred += bits < 1 << (s - 1) ? bits - (1 << s) + 1 : bits;
    }
    c.dc[index] = c.pred;
    const skipTable = acT.fastSkip;
    for (let k = 1; k < 64;) {
      if (this.bitCnt < 16) this.fill();
      const skip = skipTable[(this.bitBuf >>> (this.bitCnt - FAST_BITS)) & FAST_MASK]!;
      if (skip) {
        this.bitCnt -= skip & 0xff;
        if (skip & EOB_FLAG) return;
        k += skip >> 8;
        continue;
      }
      const fa = acT.fast[(this.bitBuf >>> (this.bitCnt - FAST_BITS)) & FAST_MASK]!;
      let rs: number;
      if (fa) {
        this.bitCnt -= fa >> 8;
        rs = fa & 0xff;
      } else rs = this.decodeSlow(acT);
      const size = rs & 15;
      if (size === 0) {
        if (rs !== 0xf0) return; // EOB
        k += 16;
        continue;
      }
      k += (rs >> 4) + 1;
      if (this.bitCnt < size) this.fill();
      this.bitCnt -= size;
    }
  }

  /** Decodes MCUs while the read position is below `limit` (a safe distance from the end of the data). */
  private decodeMcus(limit: number): void {
    const components = this.components;
    const tables = this.scanTables;
    while (this.mcu < this.totalMcus && this.pos < limit) {
      const mcu = this.mcu;
      if (this.restartInterval && mcu > 0 && mcu % this.restartInterval === 0) this.restart();
      const mx = mcu % this.mcusX;
      const my = (mcu / this.mcusX) | 0;
      for (let ci = 0; ci < components.length; ci++) {
        const c = components[ci]!;
        const t = tables[ci]!;
        for (let v = 0; v < c.v; v++) {
          const row = (my * c.v + v) * c.blocksPerLine + mx * c.h;
          for (let h = 0; h < c.h; h++) this.block(c, t.dc, t.ac, t.whole, row + h);
        }
      }
      this.mcu = mcu + 1;
    }
    if (this.mcu >= this.totalMcus) this.done = true;
  }

  /** At a restart interval: byte-align, step over RSTn, reset the predictors. */
  private restart(): void {
    const data = this.buf;
    this.bitBuf = 0;
    this.bitCnt = 0;
    this.markerHit = false;
    while (this.pos + 1 < this.len && !(data[this.pos] === 0xff && data[this.pos + 1]! >= 0xd0 && data[this.pos + 1]! <= 0xd7)) this.pos++;
    this.pos += 2;
    for (const c of this.components) c.pred = 0;
  }

  /** Output of the preview, filled row by row as MCU rows complete (see assembleUpTo). */
  private preview: {
    w: number;
    h: number;
    out: Uint8ClampedArray;
    planes: { dc: Int16Array; scale: number; xs: Int32Array; rows: Int32Array }[];
    done: number;
  } | null = null;

  /**
   * Turns block means into preview pixels for every preview row whose blocks are all decoded: during the
   * scan, so that the end of a page leaves only its last rows to do.
   */
  private assembleUpTo(mcusDone: number): void {
    if (!this.preview) {
      const w = Math.ceil(this.width / 8);
      const h = Math.ceil(this.height / 8);
      const planes = this.components.map((c) => {
        const q = this.quant[c.tq]?.[0];
        if (!q) throw new JpegPreviewError('missing quantization table');
        const xs = new Int32Array(w);
        for (let x = 0; x < w; x++) xs[x] = Math.min(c.blocksPerLine - 1, Math.floor((x * c.h) / this.hmax));
        const rows = new Int32Array(h);
        for (let y = 0; y < h; y++) rows[y] = Math.min(c.blocksPerColumn - 1, Math.floor((y * c.v) / this.vmax)) * c.blocksPerLine;
        // Block mean = DC × Q[0] / 8 + 128 (level shift).
        return { dc: c.dc, scale: q / 8, xs, rows };
      });
      this.preview = { w, h, out: new Uint8ClampedArray(w * h * planes.length), planes, done: 0 };
    }
    const p = this.preview;
    // Whole MCU rows decoded → preview rows ready (an MCU row is vmax preview rows).
    const ready = mcusDone >= this.totalMcus ? p.h : Math.min(p.h, Math.floor(mcusDone / this.mcusX) * this.vmax);
    const { w, out, planes } = p;
    if (planes.length === 1) {
      const { dc, scale, xs, rows } = planes[0]!;
      for (let y = p.done, o = p.done * w; y < ready; y++) {
        const row = rows[y]!;
        for (let x = 0; x < w; x++, o++) out[o] = dc[row + xs[x]!]! * scale + 128;
      }
    } else {
      const [yp, cbp, crp] = planes as [(typeof planes)[0], (typeof planes)[0], (typeof planes)[0]];
      for (let y = p.done, o = p.done * w * 3; y < ready; y++) {
        const yRow = yp.rows[y]!;
        const cbRow = cbp.rows[y]!;
        const crRow = crp.rows[y]!;
        for (let x = 0; x < w; x++, o += 3) {
          // JFIF YCbCr → RGB; Uint8ClampedArray rounds and clamps.
          const Y = yp.dc[yRow + yp.xs[x]!]! * yp.scale + 128;
          const B = cbp.dc[cbRow + cbp.xs[x]!]! * cbp.scale;
          const R = crp.dc[crRow + crp.xs[x]!]! * crp.scale;
          out[o] = Y + 1.402 * R;
          out[o + 1] = Y - 0.344136 * B - 0.714136 * R;
          out[o + 2] = Y + 1.772 * B;
        }
      }
    }
    p.done = Math.max(p.done, ready);
  }

  private assemble(): PreviewImage {
    this.assembleUpTo(this.totalMcus);
    const p = this.preview!;
    return { width: p.w, height: p.h, channels: p.planes.length === 1 ? 1 : 3, pixels: new Uint8Array(p.out.buffer) };
  }
}

/** Decodes the 1/8-scale image of a complete baseline JPEG from its DC coefficients. */
export function decodeJpegDc(jpeg: Uint8Array): PreviewImage {
  const decoder = new JpegDcDecoder();
  decoder.push(jpeg);
  return decoder.finish();
}
