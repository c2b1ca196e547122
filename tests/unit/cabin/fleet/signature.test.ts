// The fleet file's signature, with the real ssh-keygen (openssh-client): what a cabin accepts and what it refuses.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE, fingerprint, signFleetFile, verifyFleetSignature } from '../../../../src/cabin/fleet/signature';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-fleet-sig-', { per: 'file' });
let fleetKey: string;
let otherKey: string;

function newKey(name: string): string {
  const file = path.join(dir(), name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', file]);
  return file;
}
const publicKey = (key: string) => readFile(`${key}.pub`, 'utf8');

async function signed(text: string, key = fleetKey): Promise<{ data: Buffer; signature: string }> {
  const file = path.join(dir(), `fleet-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  const sig = await signFleetFile(file, key);
  return { data: await readFile(file), signature: await readFile(sig, 'utf8') };
}

beforeAll(() => {
  fleetKey = newKey('parc');
  otherKey = newKey('autre');
});

describe('verifyFleetSignature', () => {
  it('accepts the file signed by the fleet’s key, and says which key', async () => {
    const { data, signature } = await signed('version: 1\n');
    const r = await verifyFleetSignature(data, signature, [await publicKey(fleetKey)]);
    expect(r).toEqual({ ok: true, key: `ED25519 key ${await fingerprint(await publicKey(fleetKey))}` });
  });

  it('refuses a file changed after signing, by one byte', async () => {
    const { data, signature } = await signed('version: 1\ndefaults: {}\n');
    const tampered = Buffer.from(data);
    tampered[tampered.length - 2]! ^= 1;
    expect(await verifyFleetSignature(tampered, signature, [await publicKey(fleetKey)])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a signature by a key the cabin does not list', async () => {
    const { data, signature } = await signed('version: 1\n', otherKey);
    expect(await verifyFleetSignature(data, signature, [await publicKey(fleetKey)])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a signature made by the fleet’s key for another purpose (another namespace)', async () => {
    const file = path.join(dir(), 'commit.txt');
    await writeFile(file, 'version: 1\n');
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', fleetKey, '-n', 'git', file], { stdio: 'ignore' });
    const signature = await readFile(`${file}.sig`, 'utf8');
    expect(FLEET_NAMESPACE).not.toBe('git');
    expect(await verifyFleetSignature(await readFile(file), signature, [await publicKey(fleetKey)])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('while the key is being changed, either listed key is accepted', async () => {
    const keys = [await publicKey(fleetKey), await publicKey(otherKey)];
    const byNew = await signed('version: 2\n', otherKey);
    expect((await verifyFleetSignature(byNew.data, byNew.signature, keys)).ok).toBe(true);
  });

  it('refuses what is not an SSH signature without running anything', async () => {
    expect(await verifyFleetSignature(Buffer.from('version: 1\n'), '<html>404</html>', [await publicKey(fleetKey)])).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });
});

describe('signFleetFile', () => {
  it('replaces an older signature beside the file (ssh-keygen would keep it, asking no one)', async () => {
    const file = path.join(dir(), 'resigned.yaml');
    await writeFile(file, 'version: 1\n');
    await signFleetFile(file, fleetKey);
    await writeFile(file, 'version: 2\n');
    const sig = await signFleetFile(file, fleetKey);
    expect((await verifyFleetSignature(await readFile(file), await readFile(sig, 'utf8'), [await publicKey(fleetKey)])).ok).toBe(true);
  });

  it('says so when the key cannot sign', async () => {
    const file = path.join(dir(), 'nokey.yaml');
    await writeFile(file, 'version: 1\n');
    await expect(signFleetFile(file, path.join(dir(), 'absent-key'))).rejects.toThrow(/ssh-keygen n’a pas pu signer/);
  });
});
