// The agent's panel in an assisted session (issue 15): a region of the session, beside the flow and the timers.
// Only an assisted session has a panel; in a resident's session this region stays in `none` and none of the
// panel's events is accepted (the guards also check context.assisted: fail closed).
//
//   none ─(assisted)─▶ closed.present ─AGENT_PANEL_OPEN─▶ open ─(N min untouched)─▶ closed.away
//                           │  └─(N min)─▶ closed.away ─AGENT_PANEL_OPEN─▶ askingCode ─AGENT_VERIFIED─▶ open
//
// N is assisted.panelCodeAfterMinutes (default 5). An agent d'accueil helps, then steps away and lets the
// resident go on alone: past a few minutes with no code and nothing done in the panel, the person at the screen
// is most likely the resident, who must not raise their own limits or open sites. So the panel asks for the
// agent's code again (the PIN pad or a badge, with the unlock region's lockout), and an open panel left untouched
// closes itself. Every action in the panel counts as the agent being there (its timer starts over).
//
// The actions that change another region are handled there, with the same guards: « Plus de temps » in the
// limits region (the session's end moves, its warnings start over), « Ouvrir ce site » in the démarche's blocked
// state (back to the page). « Plus de pages » and « Fin de l'aide » are this region's own.
import { machineSetup } from '../setup';

const record = (action: 'extra_pages' | 'end_assistance') => ({ type: 'recordAgentAction', params: { action } }) as const;
/** The agent acted: the panel stays open, its away timer starts over. */
const stillThere = { target: 'open', reenter: true } as const;

export const agent = machineSetup.createStateConfig({
  id: 'agentPanel',
  initial: 'none',
  states: {
    // A resident's session: no panel. An agent's code (at the start, or a takeover) makes it assisted.
    none: { always: { guard: 'isAssisted', target: 'closed' } },
    closed: {
      initial: 'present',
      // The agent's code again (a badge, the pad): the agent is here.
      on: { AGENT_VERIFIED: { guard: 'isAssisted', target: '.present' } },
      states: {
        present: {
          after: { agentAway: 'away' },
          on: { AGENT_PANEL_OPEN: { guard: 'isAssisted', target: '#agentPanel.open' } },
        },
        away: {
          on: { AGENT_PANEL_OPEN: { guard: 'isAssisted', target: '#agentPanel.askingCode' } },
        },
      },
    },
    // The PIN pad for the agent; the session's UNLOCKED (a referent's code, the session already assisted) raises AGENT_VERIFIED.
    askingCode: {
      on: {
        AGENT_VERIFIED: { guard: 'isAssisted', target: 'open' },
        AGENT_PANEL_CLOSE: 'closed.away',
      },
    },
    open: {
      after: { agentAway: 'closed.away' },
      on: {
        AGENT_PANEL_CLOSE: 'closed.present',
        AGENT_EXTRA_PAGES: { guard: 'canAddExtraPages', ...stillThere, actions: ['addExtraPages', record('extra_pages')] },
        // Handled by the limits region; here, the agent was there.
        AGENT_MORE_TIME: { guard: 'canAddAgentTime', ...stillThere },
        // Handled by the démarche's blocked state; the panel closes on the site.
        AGENT_OPEN_SITE: { guard: 'canOpenBlockedSite', target: 'closed.present' },
        AGENT_END_ASSISTANCE: { guard: 'isAssisted', target: 'none', actions: [record('end_assistance'), 'endAssistance'] },
      },
    },
  },
});
