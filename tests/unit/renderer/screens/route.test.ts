// Every state the real session machine can be in has its screen: walks the machine's definition.
import { describe, expect, it } from 'vitest';
import { cabineMachine } from '../../../../src/shared/session/machine';
import { inDemarche, screenFor, SCREEN_IDS, showsDemarche, type ScreenId } from '../../../../src/renderer/screens/route';

interface Node {
  path: string[];
  states: Record<string, Node>;
  type: string;
}

/** The leaves of the cabin region, as MachineView.path spells them (the session's `flow` region, without its name). */
function cabinLeaves(): string[][] {
  const out: string[][] = [];
  const walk = (node: Node) => {
    const children = Object.values(node.states);
    if (node.type === 'parallel') {
      // The session: its screens are those of the `flow` region.
      const flow = node.states.flow;
      if (flow) walk(flow);
      return;
    }
    if (children.length === 0) {
      out.push(node.path.slice(1).filter((p) => p !== 'flow'));
      return;
    }
    for (const c of children) walk(c);
  };
  walk(cabineMachine.root.states.cabin as unknown as Node);
  return out;
}

describe('screenFor', () => {
  const leaves = cabinLeaves();

  it('finds the machine’s states', () => {
    expect(leaves.length).toBeGreaterThan(25);
    expect(leaves).toContainEqual(['session', 'demarche', 'printing', 'confirming']);
    expect(leaves).toContainEqual(['maintenance', 'testScanning']);
  });

  it('gives every state a screen, and every screen is reached', () => {
    const reached = new Set<ScreenId>();
    for (const leaf of leaves) {
      const screen = screenFor(leaf);
      expect(SCREEN_IDS).toContain(screen);
      if (leaf[0] !== 'booting') expect(screen, leaf.join('.')).not.toBe('booting');
      reached.add(screen);
    }
    expect([...reached].sort()).toEqual([...SCREEN_IDS].sort());
  });

  it('maps each part of the démarche to its screen', () => {
    const expected: Record<string, ScreenId> = {
      browsing: 'browsing',
      settingFiles: 'browsing',
      blocked: 'blocked',
      // The agent's panel opening the blocked site (issue 15): the blocked screen until the page loads.
      openingSite: 'blocked',
      offline: 'offline',
      pickingFile: 'picker',
      documents: 'documents',
      viewingDocument: 'viewer',
      printing: 'print',
      scanning: 'scan',
    };
    for (const leaf of leaves.filter((l) => l[1] === 'demarche')) {
      expect(screenFor(leaf), leaf.join('.')).toBe(expected[leaf[2]!]);
      expect(inDemarche(screenFor(leaf))).toBe(true);
    }
  });

  it('shows the démarche page only while browsing', () => {
    expect(SCREEN_IDS.filter(showsDemarche)).toEqual(['browsing']);
  });

  it('maps the end of a visit', () => {
    expect(screenFor(['ending'])).toBe('ending');
    expect(screenFor(['wiping'])).toBe('ending');
    expect(screenFor(['goodbye'])).toBe('goodbye');
    expect(screenFor(['outOfService'])).toBe('outOfService');
  });
});
