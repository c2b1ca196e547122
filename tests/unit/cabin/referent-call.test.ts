// The call route of "Appeler un référent" against a real local HTTP server: only a 2xx answer in time is an
// acknowledgment; 500, a redirect, no answer, no webhook at all are not. Then the runtime: the machine says
// "acknowledged" only when that server answered, "unreachable" at once without a webhook, and a cancelled or
// timed-out call is withdrawn. What the webhook receives is the cabin, its commune and the time: nothing else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referentNotifier, ReferentCallError } from '../../../src/cabin/referent-call';
import { createCabinRuntime, type CabinRuntime } from '../../../src/cabin/runtime';
import type { ClaimedSession, SessionLifecycle } from '../../../src/cabin/storage';
import { defaultConfig, validateConfig, type CabinConfig, type CabinConfigInput } from '../../../src/shared/config';
import type { ViewState } from '../../../src/shared/ipc';
import type { WipeReceipt } from '../../../src/shared/session';

type Answer = 'ok' | 'error' | 'redirect' | 'never';

interface Received {
  method: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** A webhook on 127.0.0.1 that answers as told and keeps what it received. */
async function webhook(answer: Answer) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push({ method: req.method ?? '', contentType: req.headers['content-type'], body });
      // A withdrawal is always answered: only the call itself is left hanging.
      if (body.event === 'referent-call-withdrawn' || answer === 'ok') return void res.writeHead(204).end();
      if (answer === 'error') return void res.writeHead(500).end('down');
      if (answer === 'redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${port()}/elsewhere` }).end();
      // 'never': no answer at all.
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port()}/hooks/cabine`;
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  /** Waits until the server has received `n` requests. */
  const requests = async (n: number) => {
    const deadline = Date.now() + 5_000;
    while (received.length < n) {
      if (Date.now() > deadline) throw new Error(`the webhook received ${received.length} request(s), not ${n}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return received;
  };
  return { url, received, requests, close };
}

function config(over: Partial<CabinConfigInput> = {}): CabinConfig {
  const r = validateConfig({ ...defaultConfig, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

const servers: { close(): Promise<void> }[] = [];
const open = async (answer: Answer) => {
  const w = await webhook(answer);
  servers.push(w);
  return w;
};
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const reasonOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReferentCallError);
  return (error as ReferentCallError).reason;
};

describe('the referent notifier (a real local webhook)', () => {
  it('200-range: acknowledged; the webhook gets the event, the cabin, its commune and the time, nothing else', async () => {
    const w = await open('ok');
    const notify = referentNotifier(config(), { url: w.url });
    await expect(notify(new AbortController().signal)).resolves.toBeUndefined();
    expect(w.received).toHaveLength(1);
    const [call] = w.received;
    expect(call!.method).toBe('POST');
    expect(call!.contentType).toBe('application/json');
    expect(Object.keys(call!.body).sort()).toEqual(['at', 'cabinId', 'commune', 'event']);
    expect(call!.body).toMatchObject({ event: 'referent-called', cabinId: 'cabine-demo', commune: defaultConfig.cabin.commune.name });
    expect(Date.now() - Date.parse(call!.body.at as string)).toBeLessThan(5_000);
  });

  it('a video call (issue 17): the call and its withdrawal also carry the room link, and nothing more', async () => {
    const w = await open('never');
    const visioUrl = 'https://visio.lunel.fr/cabine-abcdefghijklmnopqrstuvwxyz';
    expect(await reasonOf(referentNotifier(config(), { url: w.url, timeoutMs: 200 })(new AbortController().signal, { visioUrl }))).toBe('timeout');
    const [call, withdrawal] = await w.requests(2);
    for (const request of [call!, withdrawal!]) {
      expect(Object.keys(request.body).sort()).toEqual(['at', 'cabinId', 'commune', 'event', 'visioUrl']);
      expect(request.body.visioUrl).toBe(visioUrl);
    }
  });

  it('500: not acknowledged ("refused")', async () => {
    const w = await open('error');
    expect(await reasonOf(referentNotifier(config(), { url: w.url })(new AbortController().signal))).toBe('refused');
  });

  it('a redirect is not an acknowledgment, and is not followed', async () => {
    const w = await open('redirect');
    expect(await reasonOf(referentNotifier(config(), { url: w.url })(new AbortController().signal))).toBe('refused');
    expect(w.received).toHaveLength(1);
  });

  it('never answering: "timeout" after the configured wait, then the call is withdrawn', async () => {
    const w = await open('never');
    const started = Date.now();
    expect(await reasonOf(referentNotifier(config(), { url: w.url, timeoutMs: 300 })(new AbortController().signal))).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const [call, withdrawal] = await w.requests(2);
    expect(call!.body.event).toBe('referent-called');
    expect(withdrawal!.body).toMatchObject({ event: 'referent-call-withdrawn', cabinId: 'cabine-demo' });
    expect(Object.keys(withdrawal!.body).sort()).toEqual(['at', 'cabinId', 'commune', 'event']);
  });

  it('the cabin stops waiting (the resident cancelled): "stopped", and the call is withdrawn', async () => {
    const w = await open('never');
    const stop = new AbortController();
    const call = referentNotifier(config(), { url: w.url, timeoutMs: 30_000 })(stop.signal);
    await w.requests(1);
    stop.abort();
    expect(await reasonOf(call)).toBe('stopped');
    expect((await w.requests(2))[1]!.body.event).toBe('referent-call-withdrawn');
  });

  it('no webhook configured: "no-route" at once, nothing sent', async () => {
    const started = Date.now();
    expect(await reasonOf(referentNotifier(config())(new AbortController().signal))).toBe('no-route');
    // "At once": far below any time limit of a call (seconds), with room for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a webhook that is not there: "network"', async () => {
    const w = await open('ok');
    await w.close();
    expect(await reasonOf(referentNotifier(config(), { url: w.url })(new AbortController().signal))).toBe('network');
  });
});

// ----- the runtime: what the machine says, on the same local webhook -----

const RECEIPT: WipeReceipt = { documents: 0, scans: 0, printJobs: 0, storageEntries: 0, files: 0, bytes: 0, durationMs: 1, verified: true };
let running: CabinRuntime | null = null;
let logs: string[] = [];
beforeEach(() => {
  logs = [];
});
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function until(runtime: CabinRuntime, predicate: (s: ViewState) => boolean, what: string, timeoutMs = 5_000): Promise<ViewState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = runtime.getState();
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the call is '${s.context.referentCall}'`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A cabin on its catalog, over a stand-in storage, whose call route is `notifyReferent`. */
async function cabinInSession(cfg: CabinConfig, notifyReferent: ((signal: AbortSignal) => Promise<void>) | undefined) {
  const session = {
    sessionId: 'session-test',
    filesDir: '/nonexistent',
    documents: { dropped: false, summaries: () => [] },
    recordPrintJob: () => {},
  } as unknown as ClaimedSession;
  const lifecycle = {
    bootSweep: async () => ({ removedEntries: 0, storageNotRam: false }),
    claim: async () => session,
    wipe: async () => RECEIPT,
    shutdown: async () => {},
  } as unknown as SessionLifecycle;
  const runtime = createCabinRuntime({ config: cfg, lifecycle, notifyReferent, log: (m) => logs.push(m) });
  running = runtime;
  await runtime.start();
  await runtime.waitFor('attract', 5_000);
  runtime.send({ type: 'TOUCH' });
  runtime.send({ type: 'ACCEPT' });
  await until(runtime, (s) => s.path[1] === 'catalog', 'the catalog');
  return runtime;
}

describe('the runtime calls a referent through the notifier', () => {
  it('acknowledged only once the webhook answered 2xx', async () => {
    const w = await open('ok');
    const cfg = config();
    const runtime = await cabinInSession(cfg, referentNotifier(cfg, { url: w.url }));
    const seen: string[] = [];
    runtime.subscribe((s) => seen.push(s.context.referentCall));
    runtime.send({ type: 'CALL_REFERENT' });
    await until(runtime, (s) => s.context.referentCall === 'acknowledged', 'the acknowledgment');
    expect(seen[0]).toBe('calling');
    expect(w.received).toHaveLength(1);
  });

  it("500: unreachable, never acknowledged, and the log says why without the webhook's address", async () => {
    const w = await open('error');
    const cfg = config();
    const runtime = await cabinInSession(cfg, referentNotifier(cfg, { url: w.url }));
    const seen: string[] = [];
    runtime.subscribe((s) => seen.push(s.context.referentCall));
    runtime.send({ type: 'CALL_REFERENT' });
    await until(runtime, (s) => s.context.referentCall === 'unreachable', 'unreachable');
    expect(seen).not.toContain('acknowledged');
    expect(logs).toContain('referent call not acknowledged: the webhook answered 500');
    expect(logs.join('\n')).not.toContain('/hooks/cabine');
  });

  it('a webhook that never answers: unreachable after referentCall.timeoutSeconds, and the call is withdrawn', async () => {
    const w = await open('never');
    const cfg = config({ referentCall: { timeoutSeconds: 2 } });
    const runtime = await cabinInSession(cfg, referentNotifier(cfg, { url: w.url }));
    const started = Date.now();
    runtime.send({ type: 'CALL_REFERENT' });
    await until(runtime, (s) => s.context.referentCall === 'unreachable', 'unreachable', 6_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect((await w.requests(2))[1]!.body.event).toBe('referent-call-withdrawn');
  });

  it('no webhook configured: unreachable at once, nothing sent', async () => {
    const cfg = config();
    expect(cfg.referentCall.webhookUrl).toBeUndefined();
    const runtime = await cabinInSession(cfg, referentNotifier(cfg));
    const started = Date.now();
    runtime.send({ type: 'CALL_REFERENT' });
    await until(runtime, (s) => s.context.referentCall === 'unreachable', 'unreachable');
    // "At once": far below the call's time limit (referentCall.timeoutSeconds), with room for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan((cfg.referentCall.timeoutSeconds * 1000) / 4);
    expect(logs).toContain('referent call not acknowledged: no call route: referentCall.webhookUrl is not set');
  });

  it('no notifier given to the runtime at all: unreachable at once', async () => {
    const runtime = await cabinInSession(config(), undefined);
    runtime.send({ type: 'CALL_REFERENT' });
    await until(runtime, (s) => s.context.referentCall === 'unreachable', 'unreachable', 500);
  });

  it('the resident cancels while the webhook says nothing: cancelled, and the call is withdrawn', async () => {
    const w = await open('never');
    const cfg = config();
    const runtime = await cabinInSession(cfg, referentNotifier(cfg, { url: w.url }));
    runtime.send({ type: 'CALL_REFERENT' });
    await w.requests(1);
    runtime.send({ type: 'CANCEL_REFERENT_CALL' });
    expect(runtime.getState().context.referentCall).toBe('cancelled');
    expect((await w.requests(2))[1]!.body.event).toBe('referent-call-withdrawn');
  });
});
