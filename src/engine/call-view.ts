// What a video call's view does (issue 17), the same in both adapters: what the call page's binding says becomes the
// call's notices, the screen share is given and taken back (./call-share.ts), and the end comes once — the service
// told when the cabin hangs up, then the view ended for good by the adapter, which says whether anything of it
// survived. The adapters (chromium/call.ts, src/main/engine/electron-call.ts) give only the primitives below.
import { sleep } from '../base/async';
import type { CdpParams, CdpSession } from './cdp';
import { CALL_BINDING, CALL_COMMAND, parseCallPageEvent } from './call-page';
import { SHARE_STOP_EXPRESSION, shareInstallScript, SharePump, type ShareSource } from './call-share';
import { FileChooserGate } from './file-chooser';
import { NoticeHub } from './notices';
import { guardTarget } from './page-guard';
import type { CallNotice, CallView, EngineNotice, Unsubscribe } from './port';

/** How long a hang-up waits for the service to say the call closed before the view is ended anyway. */
const HANG_UP_GRACE_MS = 2000;

export type CallEndReason = Extract<CallNotice, { type: 'ended' }>['reason'];

/** What an adapter gives: its call page, the room's frame in it, and the end of the view. */
export interface CallPrimitives {
  /** Runs an expression in our call page; rejects when the page is gone. */
  evaluatePage(expression: string): Promise<unknown>;
  /** Whether the call page is still there to be spoken to. */
  pageAlive(): boolean;
  /** Runs expressions in the room's frame (the service's document under our page); null when there is none. */
  roomFrame(): ((expression: string) => Promise<unknown>) | null;
  /** Ends the view for good (its browser, or its web contents) and resolves with the processes that survived it. */
  terminate(): Promise<number[]>;
}

const command = (name: 'hangup' | 'share-toggle') => `window.${CALL_COMMAND} && window.${CALL_COMMAND}('${name}')`;

export class CallCore {
  private readonly hub = new NoticeHub<CallNotice>();
  private ending: Promise<void> | null = null;
  private readyToClose: (() => void) | null = null;
  private ended: CallNotice | null = null;
  /** What the service last said of its screen share. */
  private serviceSharing = false;
  /** The screen share in progress: where its pictures go, and how to stop them. */
  private share: { evaluate: (expression: string) => Promise<unknown>; pump: SharePump; unsubscribe: () => void } | null = null;

  constructor(private readonly primitives: CallPrimitives) {}

  /** The end has begun (or is done): nothing more may be asked of the call. */
  get over(): boolean {
    return this.ending !== null;
  }

  /** A listener that comes after the end is told it at once: whoever holds the view learns the call is over. */
  on(listener: (notice: CallNotice) => void): Unsubscribe {
    const ended = this.ended;
    if (ended) queueMicrotask(() => listener(ended));
    return this.hub.on(listener);
  }

  /** A payload of the call page's binding, checked (anything else is ignored). */
  heard(payload: string): void {
    const event = parseCallPageEvent(payload);
    if (!event) return;
    if (event.event === 'joined') this.hub.emit({ type: 'joined' });
    else if (event.event === 'participant-joined') this.hub.emit({ type: 'participant-joined' });
    else if (event.event === 'participant-left') this.hub.emit({ type: 'participant-left' });
    else if (event.event === 'sharing') {
      this.serviceSharing = event.on;
      this.hub.emit({ type: 'sharing', on: event.on });
    } else if (event.event === 'ready-to-close') {
      if (this.readyToClose) this.readyToClose();
      else void this.end('closed');
    } else if (event.event === 'service-unreachable') void this.end('service-unreachable');
    else void this.end('camera-error');
  }

  async shareScreen(source: ShareSource | null): Promise<void> {
    if (this.ending) throw new Error('the call is over');
    if (!source) return this.stopShare();
    if (this.share) return;
    const evaluate = this.primitives.roomFrame();
    if (!evaluate) throw new Error('the call has no room to share in');
    await evaluate(shareInstallScript(source.width, source.height));
    const pump = new SharePump(evaluate);
    this.share = { evaluate, pump, unsubscribe: source.subscribe((layers) => pump.push(layers)) };
    // The service now asks for a screen, and gets the canvas.
    await this.primitives.evaluatePage(command('share-toggle'));
  }

  /**
   * No more pictures, the canvas blanked and its track stopped; then the service is told to stop sharing (a track
   * stopped by its page fires no 'ended': the service would go on sending the stopped track). Its getDisplayMedia is
   * refused from the first step on, so that toggle can never start another share.
   */
  private async stopShare(): Promise<void> {
    const share = this.share;
    this.share = null;
    if (!share) return;
    share.unsubscribe();
    share.pump.stop();
    await share.evaluate(SHARE_STOP_EXPRESSION).catch(() => undefined);
    if (this.serviceSharing && this.primitives.pageAlive()) await this.primitives.evaluatePage(command('share-toggle')).catch(() => undefined);
  }

  /** Ends the call once: the share stopped, the service told (a hang-up), then the view ended by the adapter. */
  end(reason: CallEndReason): Promise<void> {
    this.ending ??= this.doEnd(reason);
    return this.ending;
  }

  private async doEnd(reason: CallEndReason): Promise<void> {
    await this.stopShare();
    if (reason === 'hung-up' && this.primitives.pageAlive()) {
      const closed = new Promise<void>((resolve) => (this.readyToClose = resolve));
      const asked = this.primitives.evaluatePage(command('hangup')).catch(() => undefined);
      await Promise.race([asked.then(() => closed), sleep(HANG_UP_GRACE_MS)]);
    }
    const survivors = await this.primitives.terminate();
    this.ended = { type: 'ended', reason };
    this.hub.emit(this.ended);
    if (survivors.length) throw new Error(`the call's processes survived: ${survivors.join(', ')}`);
  }
}

/**
 * The call page's CDP side, before it loads: the page guard (dialogs answered, shortcuts blocked, and every file
 * chooser refused at once — the call has no file to give), a crash ending the call, and its one binding heard by
 * `core`. Returns the way to stop all of it.
 */
export async function guardCallPage(cdp: CdpSession, core: CallCore): Promise<() => void> {
  const notices = (n: EngineNotice) => {
    if (n.type === 'crashed') void core.end('crashed');
    if (n.type === 'file-chooser') void chooser.cancel();
  };
  const chooser = new FileChooserGate([], notices);
  const guard = await guardTarget(cdp, { emit: notices, chooser, isPage: true });
  const off = cdp.on('Runtime.bindingCalled', (e: CdpParams) => {
    if (e.name === CALL_BINDING && typeof e.payload === 'string') core.heard(e.payload);
  });
  await cdp.send('Runtime.addBinding', { name: CALL_BINDING });
  return () => {
    off();
    guard.dispose();
  };
}

/**
 * A session's one call at a time, for both adapters' sessions: a call still open is hung up before the next opens,
 * a call that opens while the session ends is hung up at once, and the session's end hangs up the one open first.
 */
export class CallSlot<V extends CallView> {
  private call: V | null = null;
  private opened = 0;

  /** The call open now. */
  get current(): V | null {
    return this.call;
  }

  /** Opens a call with `open(n)` (n: 1, 2…, for its own profile or partition); `ending()`: the session is going. */
  async open(open: (n: number) => Promise<V>, ending: () => boolean): Promise<V> {
    if (ending()) throw new Error('the session is ending');
    await this.call?.hangUp().catch(() => {});
    const call = await open(++this.opened);
    if (ending()) {
      await call.hangUp().catch(() => {});
      throw new Error('the session ended while the call was opening');
    }
    this.call = call;
    call.on((n) => {
      if (n.type === 'ended' && this.call === call) this.call = null;
    });
    return call;
  }

  /** The session's end: the call hung up (the camera released) before anything else of the session goes. */
  async end(): Promise<void> {
    const call = this.call;
    this.call = null;
    await call?.hangUp().catch(() => {});
  }
}
