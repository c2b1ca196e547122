// What the screens render: a plain, serializable view of the machine's snapshot.
// The renderer never sees the machine itself; main (or the test bridge) sends this over IPC.
import type { CabineContext } from './machine';

export interface MachineView {
  /** Path of the cabin region's active state, e.g. ['session', 'flow', 'demarche', 'printing', 'confirming']. */
  path: string[];
  /** The session's inactivity region: 'warning' shows the countdown. */
  idle: 'active' | 'warning' | null;
  unlock: 'idle' | 'verifying' | 'lockedOut';
  /** The agent's panel of an assisted session (issue 15): null outside a session, 'none' in a resident's. */
  agentPanel: AgentPanelView | null;
  context: Omit<CabineContext, 'settings'> & { configValid: boolean };
}

type StateValue = string | { [key: string]: StateValue };

/** The agent's panel as the screens show it: closed (the agent here or away is the machine's business), asking for the code, open. */
export type AgentPanelView = 'none' | 'closed' | 'askingCode' | 'open';

function agentPanelOf(session: Record<string, StateValue> | null): AgentPanelView | null {
  const v = session?.agent;
  if (v === undefined) return null;
  if (typeof v === 'object') return 'closed';
  return v === 'askingCode' || v === 'open' || v === 'none' ? v : 'closed';
}

/** Follows one branch of a state value; in the session's parallel state, the `flow` region. */
export function statePath(value: StateValue): string[] {
  const path: string[] = [];
  let v: StateValue | undefined = value;
  while (v !== undefined) {
    if (typeof v === 'string') {
      path.push(v);
      break;
    }
    const keys: string[] = Object.keys(v);
    const key: string | undefined = keys.includes('flow') ? 'flow' : keys[0];
    if (key === undefined) break;
    path.push(key);
    v = v[key];
  }
  return path.filter((k) => k !== 'flow');
}

export function toMachineView(snapshot: { value: unknown; context: CabineContext }): MachineView {
  const value = snapshot.value as { cabin: StateValue; unlock: StateValue };
  const cabin = value.cabin;
  const session = typeof cabin === 'object' && 'session' in cabin ? (cabin.session as Record<string, StateValue>) : null;
  const { settings, ...context } = snapshot.context;
  return {
    path: statePath(cabin),
    idle: session ? (session.idle as 'active' | 'warning') : null,
    unlock: value.unlock as MachineView['unlock'],
    agentPanel: agentPanelOf(session),
    context: { ...context, configValid: settings !== null },
  };
}

/** The screen a path means, for components that switch on one name. */
export function isIn(view: MachineView, ...prefix: string[]): boolean {
  return prefix.every((p, i) => view.path[i] === p);
}
