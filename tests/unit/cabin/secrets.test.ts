import { describe, expect, it } from 'vitest';
import { CachedSecretVerifier, hashSecret, parseSecretHash, verifySecret } from '../../../src/cabin/secrets';
import { DEFAULT_REFERENT_PIN, DEFAULT_TECHNICIAN_CODE, defaultConfig, SECRET_HASH_PATTERN, validateConfig } from '../../../src/shared/config';

describe('secrets', () => {
  it('hashes in the schema’s format, with a fresh salt each time', async () => {
    const a = await hashSecret('482913');
    const b = await hashSecret('482913');
    expect(a).toMatch(SECRET_HASH_PATTERN);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    // A config holding it validates.
    const config = { ...defaultConfig, security: { referentPinHash: a, technicianCodeHash: b } };
    expect(validateConfig(config).ok).toBe(true);
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('482913');
    expect(await verifySecret('482913', hash)).toBe(true);
    expect(await verifySecret('482914', hash)).toBe(false);
    expect(await verifySecret('', hash)).toBe(false);
    expect(await verifySecret('482913 ', hash)).toBe(false);
  });

  it('verifies the embedded default config’s hashes (same format as the lead’s)', async () => {
    const s = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };
    expect(await verifySecret(DEFAULT_REFERENT_PIN, s.referentPinHash)).toBe(true);
    expect(await verifySecret(DEFAULT_TECHNICIAN_CODE, s.technicianCodeHash)).toBe(true);
    expect(await verifySecret(DEFAULT_TECHNICIAN_CODE, s.referentPinHash)).toBe(false);
  });

  it('never matches a malformed hash or one too costly to check', async () => {
    const good = await hashSecret('1234');
    const [, , r, p, salt, key] = good.split('$');
    expect(parseSecretHash(good)).not.toBeNull();
    expect(parseSecretHash(`scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`)).toBeNull(); // 16 GiB of memory
    expect(parseSecretHash(`scrypt$1000$${r}$${p}$${salt}$${key}`)).toBeNull(); // N not a power of two
    expect(parseSecretHash(`scrypt$16384$64$${p}$${salt}$${key}`)).toBeNull();
    expect(parseSecretHash('1234')).toBeNull();
    expect(await verifySecret('1234', `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`)).toBe(false);
    expect(await verifySecret('1234', 'not a hash')).toBe(false);
  });

  it('accepts secrets typed with composed or decomposed accents alike', async () => {
    const hash = await hashSecret('clé-été');
    expect(await verifySecret('cle\u0301-e\u0301te\u0301', hash)).toBe(true);
  });

  it('caches an accepted token and still refuses wrong ones', async () => {
    const token = 'Yk3x_token_of_prometheus_0123456789';
    const verifier = new CachedSecretVerifier(await hashSecret(token));
    expect(await verifier.verify('wrong')).toBe(false);
    expect(await verifier.verify(token)).toBe(true);
    // Once cached, a check costs a SHA-256 instead of a scrypt (the time is printed, not asserted).
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) expect(await verifier.verify(token)).toBe(true);
    const cached = performance.now() - t0;
    expect(await verifier.verify(token + 'x')).toBe(false);
    expect(await verifier.verify('')).toBe(false);
    console.log(`200 cached verifications: ${cached.toFixed(1)} ms`);
  });
});
