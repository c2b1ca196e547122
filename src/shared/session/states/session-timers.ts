// The session's timer regions. Each acts on the cabin only by raising END with its reason.
import { not } from 'xstate';
import { machineSetup } from '../setup';

// Inactivity: any input restarts the timer; the warning's countdown ends the session. A resident in a video call
// (ringing or talking) may touch nothing for minutes: the timer waits for the call's end, then starts over.
const videoCall = { guard: 'inVideoCall', target: 'onCall' } as const;
export const idle = machineSetup.createStateConfig({
  initial: 'active',
  states: {
    active: {
      always: videoCall,
      after: { inactivity: 'warning' },
      on: {
        ACTIVITY: { target: 'active', reenter: true },
        TOUCH: { target: 'active', reenter: true },
        PRINT_PROGRESS: { target: 'active', reenter: true },
        ASSISTED: { target: 'active', reenter: true },
      },
    },
    warning: {
      always: videoCall,
      entry: 'startWarning',
      exit: 'clearWarning',
      after: { warning: { actions: { type: 'raiseEnd', params: { reason: 'inactivity' } } } },
      on: { STILL_HERE: 'active', ACTIVITY: 'active', TOUCH: 'active', ASSISTED: 'active' },
    },
    onCall: {
      always: { guard: not('inVideoCall'), target: 'active' },
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

// The session's length (WCAG 2.2.1 Timing Adjustable): the resident is warned 5 minutes and 1 minute
// before the end (timeWarning, until they answer), may push the end by timers.extendMinutes while
// extensions remain (EXTEND_SESSION), and at the end the session ends with reason max-duration.
// The end is kept in the context (sessionEndsAt) for the toolbar's "Il reste 12 min".
/** A referent took over: the longer assisted limit starts now, with its own extensions. */
const assistedStartsOver = { target: 'running', reenter: true, actions: 'startSessionClock' } as const;
const answers = {
  EXTEND_SESSION: { guard: 'canExtendSession', target: 'running', actions: 'extendSession' },
  DISMISS_TIME_WARNING: { actions: 'clearTimeWarning' },
  ASSISTED: assistedStartsOver,
} as const;

export const limits = machineSetup.createStateConfig({
  initial: 'running',
  entry: 'startSessionClock',
  // The agent's panel's « Plus de temps » (./assisted.ts): the end moves, its warnings start over from running
  // (an internal transition: the clock itself does not start over).
  on: {
    AGENT_MORE_TIME: {
      guard: 'canAddAgentTime',
      target: '.running',
      actions: ['addAgentTime', { type: 'recordAgentAction', params: { action: 'more_time' } }],
    },
  },
  states: {
    running: {
      after: { untilFiveMinutesLeft: 'fiveMinutesLeft' },
      on: { ASSISTED: assistedStartsOver },
    },
    fiveMinutesLeft: {
      entry: { type: 'warnTimeLeft', params: { minutesLeft: 5 } },
      exit: 'clearTimeWarning',
      after: { untilOneMinuteLeft: 'oneMinuteLeft' },
      on: answers,
    },
    oneMinuteLeft: {
      entry: { type: 'warnTimeLeft', params: { minutesLeft: 1 } },
      exit: 'clearTimeWarning',
      after: { untilSessionEnd: { actions: { type: 'raiseEnd', params: { reason: 'max-duration' } } } },
      on: answers,
    },
  },
});
