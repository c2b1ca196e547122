// The call route of "Appeler un référent": the config's webhook. The machine says a referent was told only
// when this resolves, so it resolves only on a 2xx answer in time; everything else rejects, and the screen
// then tells the resident where else to find help (config `help`).
//
// What it sends: the event, the cabin's id, its commune's name and the time. Nothing about the resident, the
// démarche or the session — the receiver learns that someone at this cabin asks for help, and when.
import { messageOf } from '../base/errors';
import type { CabinConfig } from '../shared/config';

/**
 * Calls a referent; `signal` aborts when the machine stops waiting (cancelled, the visit ended, its own limit).
 * `call`: the video call's room link, sent with the call and its withdrawal.
 */
export type ReferentNotifier = (signal: AbortSignal, call?: { visioUrl: string }) => Promise<void>;

/** Why a call was not acknowledged, in words for the cabin's log (never the webhook's URL: it may hold a token). */
export class ReferentCallError extends Error {
  constructor(
    readonly reason: 'no-route' | 'refused' | 'timeout' | 'network' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'ReferentCallError';
  }
}

export interface ReferentNotifierOptions {
  fetchImpl?: typeof fetch;
  /** Default: referentCall.timeoutSeconds. */
  timeoutMs?: number;
  /** The webhook to call instead of the config's (tests: a local http server; the config only takes https). */
  url?: string;
  log?: (message: string) => void;
}

type CallEvent = 'referent-called' | 'referent-call-withdrawn';

/**
 * The body of every request: the event, the cabin, its commune, the time — and, for a video call (issue 17), the
 * link of its room on the commune's visio service (random, for this call only). Nothing else, ever.
 */
export function referentCallBody(config: CabinConfig, event: CallEvent, at: Date = new Date(), call?: { visioUrl: string }): string {
  return JSON.stringify({
    event,
    cabinId: config.cabin.id,
    commune: config.cabin.commune.name,
    at: at.toISOString(),
    ...(call ? { visioUrl: call.visioUrl } : {}),
  });
}

const causeOf = (error: unknown): string => {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : messageOf(error);
};

export function referentNotifier(config: CabinConfig, options: ReferentNotifierOptions = {}): ReferentNotifier {
  const url = options.url ?? config.referentCall.webhookUrl;
  const timeoutMs = options.timeoutMs ?? config.referentCall.timeoutSeconds * 1000;
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = options.log ?? (() => {});
  const post = (event: CallEvent, signal: AbortSignal, call?: { visioUrl: string }) =>
    fetchImpl(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: referentCallBody(config, event, new Date(), call),
      // A redirect is not an acknowledgment, and the call goes to the configured address only.
      redirect: 'manual',
      signal,
    });

  /**
   * The cabin stopped waiting after the call went out: the receiver may have it without having answered yet.
   * Best effort, so that nobody is sent for a call the resident was told did not go through.
   */
  const withdraw = (call?: { visioUrl: string }) => {
    void post('referent-call-withdrawn', AbortSignal.timeout(5_000), call)
      .then((r) => r.body?.cancel())
      .catch((e: unknown) => log(`referent call withdrawal not delivered: ${causeOf(e)}`));
  };

  return async (signal, call) => {
    if (!url) throw new ReferentCallError('no-route', 'no call route: referentCall.webhookUrl is not set');
    if (signal.aborted) throw new ReferentCallError('stopped', 'the call was stopped before it was sent');
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await post('referent-called', AbortSignal.any([signal, timeout]), call);
    } catch (error) {
      if (signal.aborted || timeout.aborted) withdraw(call);
      if (signal.aborted) throw new ReferentCallError('stopped', 'the cabin stopped waiting for the webhook');
      if (timeout.aborted) throw new ReferentCallError('timeout', `the webhook did not answer in ${timeoutMs} ms`);
      throw new ReferentCallError('network', `the webhook could not be reached (${causeOf(error)})`);
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) throw new ReferentCallError('refused', `the webhook answered ${response.status}`);
  };
}
