// The end of a session: the démarche is closed, then the wipe. No way out of wiping to a
// resident screen but a verified wipe; a wipe that keeps failing leaves the cabin out of service.
import { and, type DoneActorEvent } from 'xstate';
import { machineSetup } from '../setup';
import type { WipeReceipt } from '../types';
import { unlockedOnScreen } from './welcome';

export const ending = machineSetup.createStateConfig({
  entry: 'recordSessionEnd',
  invoke: {
    id: 'endSession',
    src: 'endSession',
    input: ({ context }) => ({ reason: context.endingReason }),
    onDone: 'wiping',
    onError: 'wiping',
  },
});

/** Whatever comes after it, a verified wipe is recorded and leaves its receipt, nothing else. */
const wipeVerified = [
  { type: 'recordWipe', params: { ok: true } },
  { type: 'completeWipe', params: ({ event }: { event: DoneActorEvent<WipeReceipt> }) => ({ receipt: event.output }) },
] as const;

export const wiping = machineSetup.createStateConfig({
  entry: 'countWipeAttempt',
  invoke: {
    id: 'wipe',
    src: 'wipe',
    input: ({ context }) => ({ sessionId: context.sessionId, attempt: context.wipeAttempts }),
    onDone: [
      { guard: 'wipeLeadsToMaintenance', target: 'maintenance', actions: wipeVerified },
      {
        guard: 'essentialDeviceMissing',
        target: 'outOfService',
        actions: [...wipeVerified, { type: 'assignOutOfService', params: { reason: 'device-missing' } }],
      },
      { guard: and(['wipeLeadsToAttract', 'printerToCheck']), target: 'printerCheck', actions: wipeVerified },
      { guard: 'wipeLeadsToAttract', target: 'attract', actions: wipeVerified },
      { target: 'goodbye', actions: wipeVerified },
    ],
    onError: [
      { guard: 'canRetryWipe', target: 'wiping', reenter: true, actions: { type: 'recordWipe', params: { ok: false } } },
      {
        target: 'outOfService',
        actions: [
          { type: 'recordWipe', params: { ok: false } },
          { type: 'assignOutOfService', params: { reason: 'wipe-failed' } },
        ],
      },
    ],
  },
});

// "Vos données ont été effacées : …" — the receipt of a wipe that succeeded. Then the next person's screens, unless
// a print job stopped half-way: then the printer waits for an agent first (./printer-check.ts).
const afterReceipt = [{ guard: 'printerToCheck', target: 'printerCheck' }, { target: 'attract' }] as const;
export const goodbye = machineSetup.createStateConfig({
  after: { receipt: afterReceipt },
  on: {
    TOUCH: afterReceipt,
    UNLOCKED: [{ guard: and(['printerToCheck', 'isReferent']), target: 'printerCheck' }, ...unlockedOnScreen],
  },
});
