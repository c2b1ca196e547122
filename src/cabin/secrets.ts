// Secrets (referent PIN, technician code, badge ids, the metrics bearer token) are never stored:
// only their scrypt hash, in the config schema's format `scrypt$N$r$p$salt$hash` (base64).
// Verification compares in constant time and refuses parameters that would make one check
// cost a denial of service (a config file is input too).
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { normalizeBadgeId } from '../devices/badge/reader';
import { SECRET_HASH_PATTERN, type CabinConfig } from '../shared/config/schema';
import type { VerifySecretInput, VerifySecretOutput } from '../shared/session/setup';

/** Cost of new hashes: 16 MiB of memory, 0.2–0.5 s measured on this 2-core machine. Same as the embedded default config's. */
export const SCRYPT_DEFAULTS = { N: 16_384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Bounds accepted when verifying: beyond them, one check would take seconds or gigabytes. */
const LIMITS = { maxN: 1 << 20, maxR: 32, maxP: 16, maxMemBytes: 1 << 30 } as const;

function scrypt(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Memory scrypt needs for N and r (128·N·r bytes, plus headroom). */
const memoryFor = (N: number, r: number, p: number) => 128 * N * r + 128 * r * p + 1024 * 1024;

export interface ParsedSecretHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export function parseSecretHash(encoded: string): ParsedSecretHash | null {
  const m = SECRET_HASH_PATTERN.exec(encoded.trim());
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  // N must be a power of two above 1; refuse what would be too costly to check.
  if (!(N > 1 && (N & (N - 1)) === 0 && N <= LIMITS.maxN)) return null;
  if (!(r >= 1 && r <= LIMITS.maxR && p >= 1 && p <= LIMITS.maxP)) return null;
  if (memoryFor(N, r, p) > LIMITS.maxMemBytes || salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

/** Hashes a PIN, code or token; what `cabine config hash-secret` prints. */
export async function hashSecret(secret: string, params: Partial<Pick<ParsedSecretHash, 'N' | 'r' | 'p'>> = {}): Promise<string> {
  if (secret.length === 0) throw new Error('empty secret');
  const N = params.N ?? SCRYPT_DEFAULTS.N;
  const r = params.r ?? SCRYPT_DEFAULTS.r;
  const p = params.p ?? SCRYPT_DEFAULTS.p;
  const salt = randomBytes(SCRYPT_DEFAULTS.saltBytes);
  const key = await scrypt(secret, salt, SCRYPT_DEFAULTS.keyBytes, { N, r, p, maxmem: memoryFor(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `secret` matches `encoded`. A malformed or too costly hash never matches. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parsed = parseSecretHash(encoded);
  if (!parsed || secret.length === 0) return false;
  const { N, r, p, salt, hash } = parsed;
  const key = await scrypt(secret, salt, hash.length, { N, r, p, maxmem: memoryFor(N, r, p) });
  return timingSafeEqual(key, hash);
}

/**
 * The machine's verifySecret: a referent's PIN or badge, or the technician's code, against the config's hashes.
 * A badge is tried against every referent badge hash (no early exit); without a valid config nothing is accepted.
 */
export async function verifyStaffSecret(config: CabinConfig | null, input: VerifySecretInput): Promise<VerifySecretOutput> {
  if (!config) return { accepted: false, role: input.role };
  const s = config.security;
  let accepted = false;
  if (input.kind === 'badge') {
    const id = normalizeBadgeId(input.secret);
    for (const hash of s.referentBadgeHashes) if (await verifySecret(id, hash)) accepted = true;
  } else {
    accepted = await verifySecret(input.secret, input.role === 'referent' ? s.referentPinHash : s.technicianCodeHash);
  }
  return { accepted, role: input.role };
}

/**
 * Verifies a secret presented again and again (the metrics bearer token on every scrape):
 * scrypt runs once, then a SHA-256 of the accepted secret is kept in memory and compared
 * in constant time. A wrong secret always pays the full scrypt cost.
 */
export class CachedSecretVerifier {
  private accepted: Buffer | null = null;

  constructor(private readonly encoded: string) {}

  async verify(secret: string): Promise<boolean> {
    const digest = createHash('sha256').update(secret, 'utf8').digest();
    if (this.accepted && timingSafeEqual(digest, this.accepted)) return true;
    const ok = await verifySecret(secret, this.encoded);
    if (ok) this.accepted = digest;
    return ok;
  }
}
