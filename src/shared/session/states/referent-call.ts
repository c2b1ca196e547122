// A resident's call to a referent: a region of its own beside the cabin's, so that a call made on the
// welcome screen goes on into the session; it ends with them.
//
// The webhook (no video service, or no session yet): the call is an invoked actor (callReferent), and
// "prévenu" is shown only once the call route acknowledged it. No route, a failure or no answer in time is
// 'unreachable', and the screen says where else to find help. The resident may stop waiting ('cancelled'):
// nobody confirmed anything, and the screens say so.
//
// The video call (issue 17; config referentCall.visio, from a session with its storage):
//
//   idle ─CALL_REFERENT─▶ visio: invokes visioCall; HANG_UP ─▶ idle, VISIO_FAILED ─▶ unreachable
//     ringing ─VISIO_REFERENT_JOINED─▶ inCall ─VISIO_REFERENT_LEFT─▶ idle
//       ├─(visioAnswer)─▶ noAnswer       share: off ─SHARE_SCREEN─▶ asking ─yes──────▶ on
//       └─CANCEL_REFERENT_CALL─▶ cancelled        ▲◀──────no─────────┘                 │
//                                                 └◀──STOP_SHARE, VISIO_SHARE_STOPPED──┘
//
// The actor lives exactly as long as `visio`: leaving it, whatever the way, hangs up and releases the camera. So
// every end of a call leaves `visio`, and the session's end does too, in the very step that leaves the session: before
// the session's end (endSession) and its wipe start. The screen is shown only in share.on (SHARE_ON on entry, SHARE_OFF
// on exit, before the actor stops).
import { not } from 'xstate';
import type { ReferentCallStatus } from '../types';
import { machineSetup } from '../setup';

const status = (s: ReferentCallStatus) => ({ type: 'setReferentCall', params: { status: s } }) as const;
const share = (s: 'off' | 'asking' | 'on') => ({ type: 'setCallShare', params: { share: s } }) as const;
/** Out of welcome and the session, a call has no one left to help: back to idle (an invoked call is stopped). */
const visitOver = { guard: not('visiting'), target: 'idle' } as const;
/** Call (again): in a video room when one can be opened, otherwise the webhook. */
const call = [{ guard: 'canVideoCall', target: '#referentCall.visio' }, { target: '#referentCall.calling' }] as const;

export const referentCall = machineSetup.createStateConfig({
  id: 'referentCall',
  initial: 'idle',
  // A referent unlocked: they are here, the call is answered (except a video call in progress: see inCall).
  on: { UNLOCKED: { guard: 'isReferent', target: '.idle' } },
  states: {
    idle: {
      entry: status('idle'),
      on: {
        CALL_REFERENT: [
          { guard: 'canVideoCall', target: 'visio' },
          { guard: 'visiting', target: 'calling' },
        ],
      },
    },
    calling: {
      entry: status('calling'),
      always: visitOver,
      invoke: { id: 'callReferent', src: 'callReferent', onDone: 'acknowledged', onError: 'unreachable' },
      after: { referentCall: 'unreachable' },
      on: { CANCEL_REFERENT_CALL: 'cancelled' },
    },
    acknowledged: {
      entry: status('acknowledged'),
      always: visitOver,
      // Nobody came yet: the resident may call again.
      on: { CALL_REFERENT: call },
    },
    unreachable: {
      entry: status('unreachable'),
      always: visitOver,
      on: { CLOSE_REFERENT_CALL: 'idle', CALL_REFERENT: call },
    },
    cancelled: {
      entry: status('cancelled'),
      always: visitOver,
      on: { CLOSE_REFERENT_CALL: 'idle', CALL_REFERENT: call },
    },
    // The video call: the room is open (camera and microphone on) from ringing to the end of inCall.
    visio: {
      always: visitOver,
      invoke: {
        id: 'visioCall',
        src: 'visioCall',
        // canVideoCall let us in only with a session id.
        input: ({ context }) => ({ sessionId: context.sessionId ?? '', locale: context.locale }),
      },
      exit: 'resetCall',
      on: {
        HANG_UP: 'idle',
        // The room could not be opened or the call broke: where else to find help.
        VISIO_FAILED: 'unreachable',
        // What ends the session ends the call in the same step, so the call's actor is stopped before the session's
        // end (endSession) starts, not only before the wipe. visitOver catches any other way out.
        END: 'idle',
        END_REQUEST: 'idle',
        VIEW_CRASHED: 'idle',
        UNLOCKED: { guard: 'isTechnician', target: 'idle' },
      },
      initial: 'ringing',
      states: {
        ringing: {
          entry: status('ringing'),
          after: { visioAnswer: '#referentCall.noAnswer' },
          on: {
            VISIO_REFERENT_JOINED: 'inCall',
            CANCEL_REFERENT_CALL: '#referentCall.cancelled',
          },
        },
        inCall: {
          entry: status('inCall'),
          on: {
            VISIO_REFERENT_LEFT: '#referentCall.idle',
            CALL_WINDOW: { actions: 'setCallWindow' },
            // The referent on screen is helping already: an agent's code at the cabin (assisted) keeps the call.
            UNLOCKED: { guard: 'isReferent' },
          },
          initial: 'share',
          states: {
            // Showing the resident's screen: asked first, shown only after their yes, stopped in one touch.
            share: {
              initial: 'off',
              states: {
                off: {
                  entry: share('off'),
                  on: { SHARE_SCREEN: 'asking' },
                },
                asking: {
                  entry: share('asking'),
                  on: { SHARE_SCREEN_ANSWER: [{ guard: 'shareAccepted', target: 'on' }, { target: 'off' }] },
                },
                on: {
                  entry: [share('on'), 'startShare'],
                  exit: 'stopShare',
                  // The runtime could not show the screen, or the service stopped: the banner must not stay.
                  on: { STOP_SHARE: 'off', VISIO_SHARE_STOPPED: 'off' },
                },
              },
            },
          },
        },
      },
    },
    // Nobody joined the room in time: the commune's numbers and hours, « Continuer seul » or « Rappeler ».
    noAnswer: {
      entry: status('noAnswer'),
      always: visitOver,
      on: { CLOSE_REFERENT_CALL: 'idle', CALL_REFERENT: call },
    },
  },
});
