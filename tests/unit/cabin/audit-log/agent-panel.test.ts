// The agent's panel in the audit log and the metrics (issue 15), on the real machine: each action is one
// `assisted` record (action, count=1) and one increment of cabine_assisted_actions_total{action}; the host the
// agent opened, the pages and who never reach either. The whitelist refuses anything else in an `assisted` record.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor, type Actor } from 'xstate';
import { AuditLog, AuditRecordRejected, checkRecordFields, createSessionRecorder, readAuditLog } from '../../../../src/cabin/audit-log';
import { CabineMetrics } from '../../../../src/cabin/metrics';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';
import { cabineMachine, settingsFromConfig, type BootSweepOutput, type CabineEvent, type EndingReason, type WipeReceipt } from '../../../../src/shared/session';
import { useScratchDir } from '../../../support/scratch';

const CANARY = 'canary-5512';
const RECEIPT: WipeReceipt = { documents: 0, scans: 0, printJobs: 0, storageEntries: 1, files: 2, bytes: 100, durationMs: 50, verified: true };
const config = (() => {
  const r = validateConfig(defaultConfig);
  if (!r.ok) throw new Error('default config invalid');
  return r.config;
})();
const dir = useScratchDir('cabine-agent-panel-');

function start() {
  const audit = new AuditLog({ dir: dir(), knownDemarches: config.catalog.map((d) => d.id) });
  const metrics = new CabineMetrics({ demarcheIds: config.catalog.map((d) => d.id), processMetrics: false });
  const errors: unknown[] = [];
  const recorder = createSessionRecorder({ audit, metrics, onError: (e) => errors.push(e) });
  const machine = cabineMachine.provide({
    actions: recorder.actions,
    actors: {
      bootSweep: fromPromise<BootSweepOutput>(async () => ({ removedEntries: 0, storageNotRam: false })),
      startSession: fromPromise(async () => ({ sessionId: 'random-id' })),
      endSession: fromPromise<void, { reason: EndingReason | null }>(async () => {}),
      wipe: fromPromise(async () => RECEIPT),
      verifySecret: fromPromise(async ({ input }) => ({ accepted: input.secret === '2468', role: input.role })),
      preparePrint: fromPromise(async () => ({ pages: 2 })),
      printJob: fromCallback(() => () => {}),
      openSiteForSession: fromPromise<void, { host: string }>(async () => {}),
    },
  });
  const actor = createActor(machine, { input: { settings: settingsFromConfig(config), devices: { printer: 'present', scanner: 'present' } } });
  actor.subscribe((snapshot) => recorder.observe(snapshot));
  actor.start();
  return { actor, audit, metrics, errors };
}

const at = (actor: Actor<typeof cabineMachine>, state: object | string) => waitFor(actor, (s) => s.matches({ cabin: state } as never), { timeout: 2000 });

async function assistedSession(actor: Actor<typeof cabineMachine>) {
  const send = (e: CabineEvent) => actor.send(e);
  await at(actor, 'attract');
  send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
  await at(actor, { session: { flow: 'catalog' } });
  send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  send({ type: 'AGENT_PANEL_OPEN' });
  send({ type: 'AGENT_EXTRA_PAGES' });
  send({ type: 'AGENT_EXTRA_PAGES' });
  send({ type: 'AGENT_MORE_TIME' });
  send({ type: 'NAVIGATION_BLOCKED', host: `www.${CANARY}.example.org` });
  send({ type: 'AGENT_OPEN_SITE' });
  await waitFor(actor, (s) => s.context.agent.sitesOpened === 1, { timeout: 2000 });
  send({ type: 'AGENT_PANEL_OPEN' });
  send({ type: 'AGENT_END_ASSISTANCE' });
  // A resident's session now: refused, not recorded.
  send({ type: 'AGENT_PANEL_OPEN' });
  send({ type: 'AGENT_EXTRA_PAGES' });
  send({ type: 'END_REQUEST' });
  await at(actor, 'goodbye');
}

describe("the agent's panel in the audit log and the metrics", () => {
  it('writes one `assisted` record per action, counts only, and counts them in the metrics', async () => {
    const { actor, audit, metrics, errors } = start();
    await assistedSession(actor);
    actor.stop();
    audit.close();
    expect(errors).toEqual([]);
    const { records, skippedLines } = await readAuditLog(dir());
    expect(skippedLines).toBe(0);
    expect(records.filter((r) => r.type === 'assisted').map(({ at: _a, ...r }) => r)).toEqual([
      { v: 1, type: 'assisted', action: 'extra_pages', count: 1 },
      { v: 1, type: 'assisted', action: 'extra_pages', count: 1 },
      { v: 1, type: 'assisted', action: 'more_time', count: 1 },
      { v: 1, type: 'assisted', action: 'site_opened', count: 1 },
      { v: 1, type: 'assisted', action: 'end_assistance', count: 1 },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/cabine_assisted_actions_total\{action="extra_pages"\} 2/);
    expect(text).toMatch(/cabine_assisted_actions_total\{action="site_opened"\} 1/);
    expect(text).toMatch(/cabine_assisted_actions_total\{action="more_time"\} 1/);
    expect(text).toMatch(/cabine_assisted_actions_total\{action="end_assistance"\} 1/);
  });

  it('lets neither the opened host nor the code reach the log or the metrics', async () => {
    const { actor, audit, metrics } = start();
    await assistedSession(actor);
    actor.stop();
    audit.close();
    const logText = (await Promise.all((await readdir(dir())).map((f) => readFile(path.join(dir(), f), 'utf8')))).join('\n');
    expect(logText).toContain('"type":"assisted"');
    expect(logText).not.toMatch(/canary|example\.org|2468|random-id/i);
    expect((await metrics.registry.metrics()).toLowerCase()).not.toMatch(/canary|example\.org/);
  });

  it('refuses an `assisted` record with anything more than the action and a count', () => {
    expect(checkRecordFields('assisted', { action: 'site_opened', count: 1 })).toEqual({ action: 'site_opened', count: 1 });
    expect(() => checkRecordFields('assisted', { action: 'site_opened', count: 1, host: 'www.legifrance.gouv.fr' })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('assisted', { action: 'www.legifrance.gouv.fr', count: 1 })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('assisted', { action: 'extra_pages', count: 0 })).toThrow(AuditRecordRejected);
  });
});
