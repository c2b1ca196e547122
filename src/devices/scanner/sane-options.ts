// Reads what a SANE device offers (`scanimage -A`) and picks the names this device uses for our
// settings: "Gray" / "Grayscale" / "True Gray", "Color" / "24bit Color", "Flatbed" / "ADF Front"…
// Backends name these freely; passing an option the device lacks makes scanimage refuse to run.

export interface SaneOption {
  name: string;
  /** Listed values, when the constraint is a list (units stripped). */
  values: string[] | null;
  /** Range constraint, when there is one. */
  range: { min: number; max: number } | null;
  inactive: boolean;
}

const OPTION_LINE = /^\s{2,}(--?[A-Za-z0-9][\w-]*)(?:\[=\([^)]*\)\])?(?:\s+(.*?))?\s+\[([^\]]*)\]\s*$/;
const UNIT = /(dpi|mm|pel|bit|%|us)$/;

/** Parses the option list printed by `scanimage -d DEV -A`. */
export function parseSaneOptions(text: string): Map<string, SaneOption> {
  const options = new Map<string, SaneOption>();
  for (const line of text.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/^--?/, '');
    const constraint = (m[2] ?? '').replace(/\s*\(in steps of [^)]*\)/, '').trim();
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)\s*\w*%?$/.exec(constraint);
    const values = !range && constraint.includes('|') ? constraint.split('|').map((v) => v.trim().replace(UNIT, '')) : null;
    options.set(name, {
      name,
      values,
      range: range ? { min: Number(range[1]), max: Number(range[2]) } : null,
      inactive: m[3] === 'inactive',
    });
  }
  return options;
}

const MODE_PATTERNS: Record<'gray' | 'color', RegExp[]> = {
  // Prefer plain 8-bit names over "16bit", "48bit" or halftoned variants.
  gray: [/^gr[ae]y$/i, /^gr[ae]yscale$/i, /^true gr[ae]y$/i, /^8 ?bit gr[ae]y/i, /gr[ae]y/i],
  color: [/^colou?r$/i, /^24 ?bit colou?r/i, /^colou?r 24/i, /^rgb$/i, /colou?r/i],
};
const SOURCE_PATTERNS: Record<'flatbed' | 'adf', RegExp[]> = {
  flatbed: [/^flatbed$/i, /flatbed|platen|document table|normal/i],
  // Simplex before duplex: one side per sheet, like the flatbed.
  adf: [/^adf$/i, /^adf front$/i, /^automatic document feeder$/i, /^adf(?!.*duplex)/i, /feeder(?!.*duplex)/i, /adf|feeder/i],
};

function pick(values: string[] | null | undefined, patterns: RegExp[]): string | null {
  if (!values) return null;
  for (const p of patterns) {
    const hit = values.find((v) => p.test(v));
    if (hit) return hit;
  }
  return null;
}

export interface ScanSettings {
  mode: 'gray' | 'color';
  source: 'flatbed' | 'adf';
  resolution: number;
  /** Scan area in mm from the top-left corner. */
  widthMm: number;
  heightMm: number;
}

/** Builds scanimage's device-specific arguments for the settings, using the device's own names. */
export function deviceArgs(options: Map<string, SaneOption> | null, s: ScanSettings): string[] {
  const args: string[] = [];
  const mode = options?.get('mode');
  if (!options) args.push('--mode', s.mode === 'gray' ? 'Gray' : 'Color');
  else if (mode && !mode.inactive) {
    const name = pick(mode.values, MODE_PATTERNS[s.mode]);
    if (name) args.push('--mode', name);
  }
  const source = options?.get('source');
  if (!options) args.push('--source', s.source === 'adf' ? 'ADF' : 'Flatbed');
  else if (source && !source.inactive) {
    const name = pick(source.values, SOURCE_PATTERNS[s.source]);
    if (name) args.push('--source', name);
  }
  const resolution = options?.get('resolution');
  let dpi = s.resolution;
  if (resolution?.values) {
    // Nearest offered resolution, preferring the higher one on a tie (never blurrier than asked).
    const offered = resolution.values.map(Number).filter((n) => Number.isFinite(n));
    if (offered.length)
      dpi = offered.reduce((best, n) =>
        Math.abs(n - s.resolution) < Math.abs(best - s.resolution) || (Math.abs(n - s.resolution) === Math.abs(best - s.resolution) && n > best) ? n : best,
      );
  } else if (resolution?.range) dpi = Math.min(resolution.range.max, Math.max(resolution.range.min, s.resolution));
  if (!options || resolution) args.push('--resolution', String(dpi));
  // Geometry: A4 from the top-left corner, clamped to what the glass or feeder allows.
  const clampTo = (name: string, want: number): number => {
    const r = options?.get(name)?.range;
    return r ? Math.min(r.max, Math.max(r.min, want)) : want;
  };
  if (!options || options.has('l')) args.push('-l', '0');
  if (!options || options.has('t')) args.push('-t', '0');
  if (!options || options.has('x')) args.push('-x', String(clampTo('x', s.widthMm)));
  if (!options || options.has('y')) args.push('-y', String(clampTo('y', s.heightMm)));
  return args;
}

/** The resolution deviceArgs settled on (for sizing the page in the PDF). */
export function chosenResolution(args: string[], fallback: number): number {
  const i = args.indexOf('--resolution');
  const n = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
