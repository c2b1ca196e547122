// The session's timer regions. Each acts on the cabin only by raising END with its reason.
import { not } from 'xstate';
import { machineSetup } from '../setup';

// Inactivity: any input restarts the timer; the warning's countdown ends the session.
export const idle = machineSetup.createStateConfig({
  initial: 'active',
  states: {
    active: {
      after: { inactivity: 'warning' },
      on: {
        ACTIVITY: { target: 'active', reenter: true },
        TOUCH: { target: 'active', reenter: true },
        PRINT_PROGRESS: { target: 'active', reenter: true },
        ASSISTED: { target: 'active', reenter: true },
      },
    },
    warning: {
      entry: 'startWarning',
      exit: 'clearWarning',
      after: { warning: { actions: { type: 'raiseEnd', params: { reason: 'inactivity' } } } },
      on: { STILL_HERE: 'active', ACTIVITY: 'active', TOUCH: 'active', ASSISTED: 'active' },
    },
  },
});

// Occupancy: only after someone was seen, an empty cabin ends the session.
// A sensor that is gone leaves the inactivity timer in charge.
export const presence = machineSetup.createStateConfig({
  initial: 'watching',
  states: {
    watching: { always: { guard: 'cabinVacant', target: 'vacant' } },
    vacant: {
      always: { guard: not('cabinVacant'), target: 'watching' },
      after: { vacant: { actions: { type: 'raiseEnd', params: { reason: 'cabin-empty' } } } },
      // Someone touching the screen is there, whatever the sensor says.
      on: { ACTIVITY: { target: 'vacant', reenter: true }, TOUCH: { target: 'vacant', reenter: true } },
    },
  },
});

export const limits = machineSetup.createStateConfig({
  initial: 'running',
  states: {
    running: {
      after: { maxSession: { actions: { type: 'raiseEnd', params: { reason: 'max-duration' } } } },
      // A referent took over: the longer assisted limit starts now.
      on: { ASSISTED: { target: 'running', reenter: true } },
    },
  },
});
