import { describe, expect, it } from 'vitest';
import { createRelaunchPolicy, nextLocalTime } from '../../../src/cabin/relaunch';

const session = ['welcome', 'session', 'ending', 'wiping', 'goodbye', 'attract'];

describe('restarting the Electron shell between residents', () => {
  it('after N sessions, once back on attract — never during a session, a wipe or the receipt', () => {
    const due: string[] = [];
    const p = createRelaunchPolicy({ afterSessions: 2, at: null, onDue: (w) => due.push(w) });
    p.observe('booting');
    p.observe('attract');
    for (const s of session) p.observe(s);
    expect(p.sessionsEnded).toBe(1);
    for (const s of session.slice(0, -1)) p.observe(s);
    expect(p.sessionsEnded).toBe(2);
    expect(due).toEqual([]); // on the receipt screen still
    p.observe('attract');
    expect(due).toEqual(['sessions']);
    p.observe('welcome');
    p.observe('attract');
    p.tick();
    expect(due).toEqual(['sessions']); // once
  });

  it('a new config from the fleet: at once when idle; in a session, only once back on attract after the wipe', () => {
    const idle: string[] = [];
    const a = createRelaunchPolicy({ afterSessions: null, at: null, onDue: (w) => idle.push(w) });
    a.observe('attract');
    a.request('fleet-config');
    expect(idle).toEqual(['fleet-config']);

    const due: string[] = [];
    const p = createRelaunchPolicy({ afterSessions: null, at: null, onDue: (w) => due.push(w) });
    p.observe('attract');
    p.observe('welcome');
    p.observe('session');
    p.request('fleet-config');
    for (const s of ['session', 'ending', 'wiping', 'goodbye']) {
      p.observe(s);
      p.tick();
    }
    expect(due).toEqual([]);
    p.observe('attract');
    expect(due).toEqual(['fleet-config']);
  });

  it('a wipe that goes straight back to attract counts too; maintenance and out of service do not restart', () => {
    const due: string[] = [];
    const p = createRelaunchPolicy({ afterSessions: 1, at: null, onDue: (w) => due.push(w) });
    for (const s of ['attract', 'maintenance', 'wiping', 'outOfService']) p.observe(s);
    expect(p.sessionsEnded).toBe(1);
    expect(due).toEqual([]);
    p.observe('attract');
    expect(due).toEqual(['sessions']);
  });

  it('daily: once the local time has passed, at the next idle moment', () => {
    let t = new Date(2026, 11, 1, 23, 0);
    const due: string[] = [];
    const p = createRelaunchPolicy({ afterSessions: null, at: '04:00', onDue: (w) => due.push(w), now: () => t });
    p.observe('attract');
    t = new Date(2026, 11, 2, 3, 59);
    p.tick();
    expect(due).toEqual([]);
    t = new Date(2026, 11, 2, 4, 1);
    p.observe('session');
    p.tick();
    expect(due).toEqual([]); // a resident is there
    p.observe('wiping');
    p.observe('attract');
    expect(due).toEqual(['daily']);
  });

  it('neither reason set: never', () => {
    const due: string[] = [];
    const p = createRelaunchPolicy({ afterSessions: null, at: null, onDue: (w) => due.push(w), now: () => new Date(2030, 0, 1) });
    for (let i = 0; i < 100; i++) for (const s of session) p.observe(s);
    p.tick();
    expect(due).toEqual([]);
  });

  it('nextLocalTime: later today, else tomorrow; a bad time is refused', () => {
    expect(nextLocalTime(new Date(2026, 11, 1, 2, 0), '04:00')).toEqual(new Date(2026, 11, 1, 4, 0));
    expect(nextLocalTime(new Date(2026, 11, 1, 4, 0), '04:00')).toEqual(new Date(2026, 11, 2, 4, 0));
    expect(() => nextLocalTime(new Date(), '25:00')).toThrow(RangeError);
  });
});
