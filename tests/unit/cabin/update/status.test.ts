// What the cabin reads of the gate's files (src/cabin/update/status.ts) and the metrics made of it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUpdateMetrics } from '../../../../src/cabin/metrics';
import { countRollbacks, pinnedAwayVersions, readLastUpdate } from '../../../../src/cabin/update/status';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cabine-update-status-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the gate’s files', () => {
  it('reads last.json as the gate writes it, and nothing from a missing or malformed one', async () => {
    expect(await readLastUpdate(dir)).toBeNull();
    writeFileSync(path.join(dir, 'last.json'), '{"outcome":"rolled-back","from":"1.0.1","to":"1.0.2","reason":"not-started","at":1764000000}\n');
    expect(await readLastUpdate(dir)).toEqual({ outcome: 'rolled-back', from: '1.0.1', to: '1.0.2', reason: 'not-started', at: 1764000000 });
    writeFileSync(path.join(dir, 'last.json'), '{"outcome":"exploded","from":"","to":"","reason":"","at":1}');
    expect(await readLastUpdate(dir)).toBeNull();
  });

  it('counts the rollbacks of the history, and finds the versions pinned away', async () => {
    writeFileSync(
      path.join(dir, 'history'),
      '1 updated 1.0.0 1.0.1 -\n2 rolled-back 1.0.1 1.0.2 not-started\n3 deferred 1.0.1 - session-in-progress\n4 rolled-back 1.0.1 1.0.4 out-of-service:invalid-config\n',
    );
    expect(await countRollbacks(dir)).toBe(2);
    const prefs = path.join(dir, 'preferences.d');
    mkdirSync(prefs);
    writeFileSync(path.join(prefs, 'cabine-rollback-1.0.2.pref'), 'Explanation: x\nPackage: cabine\nPin: version 1.0.2\nPin-Priority: -1\n');
    writeFileSync(path.join(prefs, 'other.pref'), 'Package: cabine\nPin: version 9\nPin-Priority: -1\n');
    expect(await pinnedAwayVersions(prefs)).toEqual(['1.0.2']);
    expect(await pinnedAwayVersions(path.join(dir, 'none'))).toEqual([]);
  });
});

describe('update metrics', () => {
  it('expose the running version, the last outcome one-hot, its time and the rollbacks', async () => {
    writeFileSync(path.join(dir, 'last.json'), '{"outcome":"updated","from":"1.0.0","to":"1.0.1","reason":"","at":1764000000}');
    writeFileSync(path.join(dir, 'history'), '2 rolled-back 1.0.1 1.0.2 not-started\n');
    const registry = new Registry();
    registerUpdateMetrics(registry, { version: '1.0.1', dir });
    const text = await registry.metrics();
    expect(text).toContain('cabine_version_info{version="1.0.1"} 1');
    expect(text).toContain('cabine_update_last_outcome{outcome="updated"} 1');
    expect(text).toContain('cabine_update_last_outcome{outcome="rolled-back"} 0');
    expect(text).toContain('cabine_update_last_timestamp_seconds 1764000000');
    expect(text).toContain('cabine_update_rollbacks 1');
  });
});
