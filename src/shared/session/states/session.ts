// The session: from here on, personal data may exist until a wipe succeeds.
// Five parallel regions: the flow (what the resident does), three timers that may end it, and the agent's
// panel of an assisted session (./assisted.ts).
//
// xstate v5: when a region handles an event, no ancestor's handler for it runs. So the session
// talks to its regions with internal events (ASSISTED) rather than sharing one.
import { machineSetup } from '../setup';
import { agent } from './assisted';
import { flow } from './session-flow';
import { idle, limits, presence } from './session-timers';

export const session = machineSetup.createStateConfig({
  type: 'parallel',
  entry: ['beginSession', 'recordSessionStart'],
  exit: 'chooseAfterWipe',
  on: {
    END: { target: 'ending', actions: { type: 'assignEnding', params: ({ event }) => ({ reason: event.reason }) } },
    END_REQUEST: { target: 'ending', actions: { type: 'assignEnding', params: { reason: 'resident' } } },
    VIEW_CRASHED: { target: 'ending', actions: { type: 'assignEnding', params: { reason: 'view-crashed' } } },
    UNLOCKED: [
      // Already assisted: the agent is back at the screen (the panel's code), the session's timers go on.
      { guard: 'agentReturns', actions: 'raiseAgentVerified' },
      // The session goes on, now assisted: longer timers start over (see idle and limits).
      { guard: 'isReferent', actions: ['referentTookOver', 'raiseAssisted'] },
      { guard: 'isTechnician', target: 'ending', actions: { type: 'assignEnding', params: { reason: 'technician' } } },
    ],
  },
  states: { flow, idle, presence, limits, agent },
});
