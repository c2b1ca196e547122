// The video call with a referent (issue 17), the machine's `visioCall` actor made real: a new room on the commune's
// Jitsi Meet, the call's view opened in the session's browser (the engine's openCall), and the referents told with
// the room's link (the webhook, `visioUrl`) at the same time. What the view says becomes the machine's events; the
// actor's stop — every way out of the call's states, the session's end first among them — hangs up, which releases
// the camera and the microphone.
import { fromCallback } from 'xstate';
import type { Log } from '../../base/log';
import { messageOf } from '../../base/errors';
import type { CallView, ShareSource } from '../../engine/port';
import type { CabinConfig } from '../../shared/config';
import type { VisioCallCommand, VisioCallInput } from '../../shared/session/setup';
import type { VisioEvent } from '../../shared/session/events';
import { newRoomName, referentRoomUrl } from '../../shared/visio/jitsi';
import type { ReferentNotifier } from '../referent-call';
import type { SessionMemory } from './session-memory';

export interface VisioCallDeps {
  config: CabinConfig | null;
  memory: SessionMemory;
  notifyReferent?: ReferentNotifier;
  /** The cabin's own views, for the screen share; absent: no share (the machine is told). */
  shareSource?: ShareSource;
  log: Log;
}

/** The name the referent sees in the room: the cabin's (its commune, its place), never the resident's. */
export function cabinDisplayName(config: CabinConfig): string {
  return ['Cabine', config.cabin.commune.name, config.cabin.place].filter(Boolean).join(' — ');
}

export function visioCallActor({ config, memory, notifyReferent, shareSource, log }: VisioCallDeps) {
  return fromCallback<VisioCallCommand, VisioCallInput>(({ sendBack, receive, input }) => {
    const send = (event: VisioEvent) => sendBack(event);
    const visio = config?.referentCall.visio;
    const session = memory.claimed;
    if (!config || !visio || !session || session.sessionId !== input.sessionId) {
      send({ type: 'VISIO_FAILED', reason: !visio ? 'no-visio' : 'no-session' });
      return;
    }
    const room = newRoomName(visio.roomPrefix);
    const abort = new AbortController();
    let stopped = false;
    let call: CallView | null = null;
    /** The resident's yes stands (SHARE_ON, no SHARE_OFF since). */
    let shareWanted = false;
    /** Someone came into the room. */
    let answered = false;
    const fail = (reason: string) => {
      if (stopped) return;
      stopped = true;
      abort.abort();
      log(`video call: ${reason}`, 'warning');
      send({ type: 'VISIO_FAILED', reason });
      void call?.hangUp().catch(() => undefined);
    };

    void (async () => {
      // Both at once: the cabin waits in the room while the referents learn its link.
      const told = notifyReferent
        ? notifyReferent(abort.signal, { visioUrl: referentRoomUrl(visio, room) })
        : Promise.reject(new Error('no call route configured'));
      told.catch(() => undefined);
      const opened = await session.engineSession.openCall({ serviceUrl: visio.url, room, displayName: cabinDisplayName(config), locale: input.locale });
      if (stopped) return void opened.hangUp().catch(() => undefined);
      call = opened;
      memory.call = opened;
      opened.on((notice) => {
        if (stopped) return;
        if (notice.type === 'participant-joined') {
          answered = true;
          send({ type: 'VISIO_REFERENT_JOINED' });
        } else if (notice.type === 'participant-left') send({ type: 'VISIO_REFERENT_LEFT' });
        // The service stopped sharing by itself while the resident's yes stands: the screen must stop saying so.
        else if (notice.type === 'sharing' && !notice.on && shareWanted) send({ type: 'VISIO_SHARE_STOPPED' });
        else if (notice.type === 'ended') {
          if (memory.call === opened) memory.call = null;
          // The service closed the room after the referent came: the call is over, as when they leave. Before anyone
          // came, or for any other reason, the call failed (the machine would otherwise ring on into an empty room).
          if (notice.reason === 'closed' && answered) {
            stopped = true;
            send({ type: 'VISIO_REFERENT_LEFT' });
          } else fail(`the call ended (${notice.reason})`);
        }
      });
      try {
        await told;
      } catch (error) {
        // Nobody was told the room's link: nobody will come into it.
        fail(`no referent could be told (${messageOf(error)})`);
      }
    })().catch((error: unknown) => fail(`the call did not open (${messageOf(error)})`));

    // The resident's yes (SHARE_ON) and its end (SHARE_OFF), in the order given.
    let sharing = Promise.resolve();
    receive((command) => {
      const on = command.type === 'SHARE_ON';
      shareWanted = on;
      sharing = sharing.then(async () => {
        if (stopped) return;
        if (on && !shareSource) throw new Error('this shell cannot picture its screen');
        if (!call) throw new Error('the call is not open');
        await call.shareScreen(on ? shareSource! : null);
      });
      sharing = sharing.catch((error: unknown) => {
        log(`video call: screen share ${on ? 'on' : 'off'}: ${messageOf(error)}`, 'warning');
        // Nothing is shown: the resident's screen must say so, not « le référent voit votre écran ».
        if (on && !stopped) {
          shareWanted = false;
          send({ type: 'VISIO_SHARE_STOPPED' });
        }
      });
    });

    return () => {
      if (!stopped) {
        stopped = true;
        abort.abort();
      }
      if (memory.call === call) memory.call = null;
      void call?.hangUp().catch((error: unknown) => log(`video call: hang-up: ${messageOf(error)}`, 'warning'));
    };
  });
}
