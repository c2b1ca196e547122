// The fleet file's signature (issue 16): OpenSSH's own `ssh-keygen -Y sign / -Y verify`, on every
// Debian with openssh-client, rather than crypto of ours. The technician signs with the fleet's
// private key; each cabin verifies against the public keys of its own config (fleet.signingKeys),
// under a namespace of ours so that a signature made for something else (git, a mail) never passes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The signature namespace (ssh-keygen -n): a signature for another purpose does not verify here. */
export const FLEET_NAMESPACE = 'cabine-fleet@cabine';
/** The identity the signing keys are listed under in the allowed-signers file we write. */
const PRINCIPAL = 'fleet';
const TIME_LIMIT_MS = 10_000;

export type VerifyResult = { ok: true; key: string } | { ok: false; reason: 'bad-signature' | 'no-ssh-keygen' | 'malformed-signature' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function sshKeygen(args: string[], input?: Buffer | string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile('ssh-keygen', args, { timeout: TIME_LIMIT_MS, encoding: 'utf8', maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr, missing: e?.code === 'ENOENT' });
    });
    // ssh-keygen may exit before reading all of it (a bad key, a bad signature): not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

async function withScratch<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cabine-fleet-sig-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Whether `signature` (the armored text of FILE.sig) is a signature of `data` by one of `signingKeys`
 * (OpenSSH public key lines), in our namespace. The key that signed it is given back (its fingerprint line).
 */
export async function verifyFleetSignature(data: Buffer, signature: string, signingKeys: readonly string[]): Promise<VerifyResult> {
  if (!/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----\n?$/.test(signature)) return { ok: false, reason: 'malformed-signature' };
  return withScratch(async (dir) => {
    const allowed = path.join(dir, 'allowed_signers');
    const sig = path.join(dir, 'fleet.sig');
    // One line per key, limited to our namespace.
    await writeFile(allowed, signingKeys.map((k) => `${PRINCIPAL} namespaces="${FLEET_NAMESPACE}" ${k.trim()}\n`).join(''), { mode: 0o600 });
    await writeFile(sig, signature, { mode: 0o600 });
    const run = await sshKeygen(['-Y', 'verify', '-f', allowed, '-I', PRINCIPAL, '-n', FLEET_NAMESPACE, '-s', sig], data);
    if (run.missing) return { ok: false, reason: 'no-ssh-keygen' };
    if (run.code !== 0) return { ok: false, reason: 'bad-signature' };
    // "Good "cabine-fleet@cabine" signature for fleet with ED25519 key SHA256:…"
    const key = /with (\S+ key \S+)/.exec(run.stdout)?.[1] ?? 'une clé du parc';
    return { ok: true, key };
  });
}

/** Signs `file` with the private key `keyFile`; writes `file`.sig beside it and returns its path. */
export async function signFleetFile(file: string, keyFile: string): Promise<string> {
  // ssh-keygen asks before overwriting FILE.sig and, with no one to answer, keeps the old one: a stale signature.
  await rm(`${file}.sig`, { force: true });
  const run = await sshKeygen(['-Y', 'sign', '-f', keyFile, '-n', FLEET_NAMESPACE, file]);
  if (run.missing) throw new Error('ssh-keygen est introuvable : installez le paquet openssh-client');
  if (run.code !== 0) throw new Error(`ssh-keygen n’a pas pu signer : ${run.stderr.trim().split('\n').pop() ?? `code ${run.code}`}`);
  return `${file}.sig`;
}

/** The fingerprint of a public key line (as ssh-keygen -l shows it), to tell the technician which key signed. */
export async function fingerprint(publicKey: string): Promise<string | null> {
  return withScratch(async (dir) => {
    const file = path.join(dir, 'key.pub');
    await writeFile(file, `${publicKey.trim()}\n`);
    const run = await sshKeygen(['-l', '-f', file]);
    return run.code === 0 ? (run.stdout.trim().split(/\s+/)[1] ?? null) : null;
  });
}
