// A deliberately small baseline JPEG writer for tests: blocks given by their quantized DC value plus a few
// AC symbols, any sampling layout, optional restart interval. It exists to give the preview decoder inputs
// libjpeg via scanimage never produces (restart markers, exact known DC values), cross-checked with pdf.js.

export interface TinyComponent {
  id: number;
  h: number;
  v: number;
}

export interface TinyJpeg {
  width: number;
  height: number;
  components: TinyComponent[];
  /** Quantized DC value of each block, per component, row-major over that component's block grid. */
  dc: number[][];
  /** DC quantization step (Q[0]); block mean = dc × q0 / 8 + 128. */
  q0: number;
  restartInterval?: number;
  /** Adds AC coefficients (zero-mean, so block means stay dc-based) to exercise the AC walk. */
  withAc?: boolean;
}

// Table K.3 (luminance DC), and a small AC table: EOB, (0,1), (1,1), ZRL, (2,3).
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALS = [0x00, 0x01, 0x11, 0xf0, 0x23];

function codes(bits: number[], vals: number[]): Map<number, { code: number; len: number }> {
  const map = new Map<number, { code: number; len: number }>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) map.set(vals[k++]!, { code: code++, len });
    code <<= 1;
  }
  return map;
}

class BitWriter {
  out: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0x00);
    this.acc = 0;
    this.n = 0;
  }
  /** Pads with 1 bits to a byte boundary. */
  align(): void {
    while (this.n !== 0) this.write(1, 1);
  }
  marker(m: number): void {
    this.out.push(0xff, m);
  }
}

const category = (v: number): number => (v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1);
const bitsOf = (v: number, s: number): number => (v >= 0 ? v : v + (1 << s) - 1);

export function encodeTinyJpeg(spec: TinyJpeg): Uint8Array {
  const { width, height, components, q0 } = spec;
  const hmax = Math.max(...components.map((c) => c.h));
  const vmax = Math.max(...components.map((c) => c.v));
  const single = components.length === 1;
  const mcusX = single ? Math.ceil(width / 8) : Math.ceil(width / (8 * hmax));
  const mcusY = single ? Math.ceil(height / 8) : Math.ceil(height / (8 * vmax));
  const dcCodes = codes(DC_BITS, DC_VALS);
  const acCodes = codes(AC_BITS, AC_VALS);
  const bytes: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]): void => {
    bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  };
  const q = new Array<number>(64).fill(1);
  q[0] = q0;
  segment(0xdb, [0x00, ...q]);
  segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components.length, ...components.flatMap((c) => [c.id, (c.h << 4) | c.v, 0])]);
  segment(0xc4, [0x00, ...DC_BITS, ...DC_VALS, 0x10, ...AC_BITS, ...AC_VALS]);
  if (spec.restartInterval) segment(0xdd, [spec.restartInterval >> 8, spec.restartInterval & 0xff]);
  segment(0xda, [components.length, ...components.flatMap((c) => [c.id, 0x00]), 0, 63, 0]);

  const w = new BitWriter();
  const preds = components.map(() => 0);
  let restarts = 0;
  const total = mcusX * mcusY;
  for (let mcu = 0; mcu < total; mcu++) {
    if (spec.restartInterval && mcu > 0 && mcu % spec.restartInterval === 0) {
      w.align();
      w.marker(0xd0 + (restarts++ % 8));
      preds.fill(0);
    }
    const mx = mcu % mcusX;
    const my = Math.floor(mcu / mcusX);
    components.forEach((c, ci) => {
      const ch = single ? 1 : c.h;
      const cv = single ? 1 : c.v;
      const perLine = mcusX * ch;
      for (let v = 0; v < cv; v++)
        for (let h = 0; h < ch; h++) {
          const index = (my * cv + v) * perLine + mx * ch + h;
          const dc = spec.dc[ci]![index] ?? 0;
          const diff = dc - preds[ci]!;
          preds[ci] = dc;
          const s = category(diff);
          const code = dcCodes.get(s)!;
          w.write(code.code, code.len);
          if (s) w.write(bitsOf(diff, s), s);
          if (spec.withAc) {
            // (0,1) value -1, ZRL, (1,1) value 1, (2,3) value 5, then EOB.
            const put = (rs: number, value?: number, size?: number): void => {
              const c2 = acCodes.get(rs)!;
              w.write(c2.code, c2.len);
              if (size) w.write(bitsOf(value!, size), size);
            };
            put(0x01, -1, 1);
            put(0xf0);
            put(0x11, 1, 1);
            put(0x23, 5, 3);
          }
          const eob = acCodes.get(0x00)!;
          w.write(eob.code, eob.len);
        }
    });
  }
  w.align();
  bytes.push(...w.out, 0xff, 0xd9);
  return Uint8Array.from(bytes);
}
