// A resident's call to a referent: a region of its own beside the cabin's, so that a call made on the
// welcome screen goes on into the session; it ends with them. The call is an invoked actor (callReferent):
// "prévenu" is shown only once the call route acknowledged it. No route, a failure or no answer in time is
// 'unreachable', and the screen says where else to find help. The resident may stop waiting ('cancelled'):
// nobody confirmed anything, and the screens say so.
import { not } from 'xstate';
import type { ReferentCallStatus } from '../types';
import { machineSetup } from '../setup';

const status = (s: ReferentCallStatus) => ({ type: 'setReferentCall', params: { status: s } }) as const;
/** Out of welcome and the session, a call has no one left to help: back to idle (an invoked call is stopped). */
const visitOver = { guard: not('visiting'), target: 'idle' } as const;

export const referentCall = machineSetup.createStateConfig({
  initial: 'idle',
  // A referent unlocked: they are here, the call is answered.
  on: { UNLOCKED: { guard: 'isReferent', target: '.idle' } },
  states: {
    idle: {
      entry: status('idle'),
      on: { CALL_REFERENT: { guard: 'visiting', target: 'calling' } },
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
      on: { CALL_REFERENT: 'calling' },
    },
    unreachable: {
      entry: status('unreachable'),
      always: visitOver,
      on: { CLOSE_REFERENT_CALL: 'idle', CALL_REFERENT: 'calling' },
    },
    cancelled: {
      entry: status('cancelled'),
      always: visitOver,
      on: { CLOSE_REFERENT_CALL: 'idle', CALL_REFERENT: 'calling' },
    },
  },
});
