// The session machine: the one source of truth for what the cabin is doing.
//
//   booting ─▶ attract ─▶ welcome ─▶ session (catalog ⇄ démarche …) ─▶ ending ─▶ wiping ─▶ goodbye ─▶ attract
//                                                                                   └─(fails N×)─▶ outOfService
//              attract ⇄ updating: the system installs updates only while nobody uses the cabin (src/cabin/update).
// The invariant the model-based tests walk every path for: once a session has begun,
// nothing reaches attract or welcome again without a successful wipe in between.
//
// xstate v5 semantics to keep in mind: in a parallel state, when any region handles an event,
// no ancestor's handler for that event runs. So facts kept at the root (PRESENCE…) are also
// assigned by the states that react to them, and the session talks to its regions with
// internal events (ASSISTED) rather than sharing one.
//
// A resident's call to a referent is a third region (./states/referent-call.ts): it goes on from the welcome
// screen into the session, and ends with them. From a session, with a video service configured, the call is a
// video call (an invoked actor, visioCall) that every way out of the session ends before the wipe starts.
//
// One machine, assembled here from ./setup.ts (types and every named actor, action, guard and
// delay) and ./states (one file per region). Side effects are named actors and actions; the
// shell (src/main), the Node runtime (src/cabin) and the tests `provide()` the real ones.
import { machineSetup, sessionReset } from './setup';
import { perKind, type DevicePresence } from './types';
import { booting } from './states/boot';
import { maintenance, outOfService } from './states/maintenance';
import { referentCall } from './states/referent-call';
import { session } from './states/session';
import { unlock } from './states/unlock';
import { attract, updating, welcome } from './states/welcome';
import { printerCheck } from './states/printer-check';
import { ending, goodbye, wiping } from './states/wiping';

export type {
  BootSweepOutput,
  CabineContext,
  CabineInput,
  PrintJobInput,
  StartSessionOutput,
  VerifySecretInput,
  VerifySecretOutput,
  VisioCallCommand,
  VisioCallInput,
  WipeInput,
} from './setup';

export const cabineMachine = machineSetup.createMachine({
  id: 'cabine',
  type: 'parallel',
  context: ({ input }) => ({
    settings: input.settings,
    // The session's fields start as every wipe leaves them (one list: setup.ts sessionReset).
    ...sessionReset({ settings: input.settings }),
    sessionsSinceBoot: 0,
    endingReason: null,
    outOfService: null,
    afterWipe: 'goodbye',
    receipt: null,
    presence: input.presence ?? 'unknown',
    devices: { ...perKind((): DevicePresence => 'unknown'), ...input.devices },
    unlock: { failures: 0, lockedUntil: null, last: null },
    maintenanceTest: null,
    printerToCheck: false,
  }),
  // Facts about the world are kept whatever the cabin is doing.
  on: {
    PRESENCE: { actions: 'notePresence' },
    SENSOR_LOST: { actions: 'noteSensorLost' },
    DEVICES_CHANGED: { actions: 'noteDevices' },
  },
  states: {
    cabin: {
      initial: 'booting',
      states: { booting, attract, welcome, session, ending, wiping, goodbye, printerCheck, maintenance, outOfService, updating },
    },
    unlock,
    referentCall,
  },
});

export type CabineMachine = typeof cabineMachine;
