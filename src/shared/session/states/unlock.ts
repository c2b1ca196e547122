// The PIN pad (and badge reader): referent or technician, with a lockout after repeated failures.
// The secret goes to the verifier and nowhere else: never into the context.
import type { VerifySecretInput } from '../setup';
import { machineSetup } from '../setup';

export const unlock = machineSetup.createStateConfig({
  initial: 'idle',
  states: {
    idle: {
      on: {
        UNLOCK_SUBMIT: { guard: 'unlockConfigured', target: 'verifying' },
        BADGE_READ: { guard: 'badgeAllowed', target: 'verifying' },
      },
    },
    verifying: {
      invoke: {
        id: 'verifySecret',
        src: 'verifySecret',
        input: ({ event }): VerifySecretInput =>
          event.type === 'BADGE_READ'
            ? { role: 'referent', kind: 'badge', secret: event.badgeId }
            : event.type === 'UNLOCK_SUBMIT'
              ? { role: event.role, kind: 'code', secret: event.secret }
              : { role: 'referent', kind: 'code', secret: '' },
        onDone: [
          {
            guard: ({ event }) => event.output.accepted,
            target: 'idle',
            actions: ['acceptUnlock', { type: 'raiseUnlocked', params: ({ event }) => ({ role: event.output.role }) }],
          },
          { guard: 'lastUnlockAttempt', target: 'lockedOut' },
          { target: 'idle', actions: 'rejectUnlock' },
        ],
        // A verifier that fails counts as a refusal, lockout included: failing must never allow more tries.
        onError: [
          { guard: 'lastUnlockAttempt', target: 'lockedOut' },
          { target: 'idle', actions: 'rejectUnlock' },
        ],
      },
    },
    lockedOut: {
      entry: 'lockOut',
      after: { lockout: { target: 'idle', actions: 'resetUnlock' } },
    },
  },
});
