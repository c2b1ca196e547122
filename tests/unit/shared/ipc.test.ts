// The IPC contract: main accepts from the renderer only UI events of the right shape. Events
// that only devices or the démarche view may send (presence, print done, download done…) are
// refused, so a compromised renderer cannot fake them.
import { describe, expect, it } from 'vitest';
import { demarcheAreaSchema, keyboardInputSchema, querySchema, uiEventSchema } from '../../../src/shared/ipc';
import { toMachineView, statePath } from '../../../src/shared/session/view';

describe('uiEventSchema', () => {
  it('accepts the UI events', () => {
    for (const e of [
      { type: 'TOUCH' },
      { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
      { type: 'PRINT_REQUEST', target: { kind: 'document', documentId: 'abc_1' } },
      { type: 'PRINT_CONFIRM', copies: 2 },
      { type: 'FILES_CHOSEN', documentIds: ['a', 'b'] },
      { type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' },
      { type: 'SET_LOCALE', locale: 'ar' },
      { type: 'CALL_REFERENT' },
      { type: 'CANCEL_REFERENT_CALL' },
      { type: 'CLOSE_REFERENT_CALL' },
    ]) {
      expect(uiEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    }
  });

  it('refuses device, engine and internal events from the renderer', () => {
    for (const type of [
      'PRESENCE',
      'SENSOR_LOST',
      'DEVICES_CHANGED',
      'BADGE_READ',
      'PRINT_DONE',
      'PRINT_FAILED',
      'DOWNLOAD_DONE',
      'NAVIGATION_BLOCKED',
      'FILE_CHOOSER_OPENED',
      'VIEW_CRASHED',
      'END',
      'UNLOCKED',
      'ASSISTED',
      'xstate.done.actor.wipe',
    ]) {
      expect(uiEventSchema.safeParse({ type }).success, type).toBe(false);
    }
  });

  it('refuses extra fields, bad ids and out-of-range values', () => {
    const bad = [
      { type: 'TOUCH', extra: 1 },
      { type: 'OPEN_DEMARCHE', demarcheId: '../../etc/passwd' },
      { type: 'PRINT_CONFIRM', copies: 0 },
      { type: 'PRINT_CONFIRM', copies: 500 },
      { type: 'FILES_CHOSEN', documentIds: [] },
      { type: 'UNLOCK_SUBMIT', role: 'admin', secret: '1' },
      { type: 'UNLOCK_SUBMIT', role: 'referent', secret: 'x'.repeat(65) },
      { type: 'SET_LOCALE', locale: 'de' },
      { type: 'PRINT_REQUEST', target: { kind: 'file', path: '/etc/shadow' } },
    ];
    for (const e of bad) expect(uiEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(false);
  });

  it('validates keyboard input, queries and the démarche area', () => {
    expect(keyboardInputSchema.safeParse({ kind: 'text', text: 'é@1' }).success).toBe(true);
    expect(keyboardInputSchema.safeParse({ kind: 'key', key: 'F12' }).success).toBe(false);
    expect(querySchema.safeParse({ kind: 'documentBytes', documentId: 'd1' }).success).toBe(true);
    expect(querySchema.safeParse({ kind: 'file', path: '/etc/passwd' }).success).toBe(false);
    expect(demarcheAreaSchema.safeParse(null).success).toBe(true);
    expect(demarcheAreaSchema.safeParse({ x: 0, y: 120, width: 1920, height: 960 }).success).toBe(true);
    expect(demarcheAreaSchema.safeParse({ x: -5, y: 0, width: 1, height: 1 }).success).toBe(false);
  });
});

describe('the view of the machine', () => {
  it('follows the flow region of a session', () => {
    expect(statePath({ session: { flow: { demarche: { printing: 'confirming' } }, idle: 'active', presence: 'watching', limits: 'running' } })).toEqual([
      'session',
      'demarche',
      'printing',
      'confirming',
    ]);
    expect(statePath('attract')).toEqual(['attract']);
  });

  it('drops the settings and says whether the config is valid', () => {
    const view = toMachineView({
      value: { cabin: { session: { flow: 'catalog', idle: 'warning', presence: 'watching', limits: 'running' } }, unlock: 'idle' },
      context: { settings: null } as never,
    });
    expect(view.path).toEqual(['session', 'catalog']);
    expect(view.idle).toBe('warning');
    expect(view.unlock).toBe('idle');
    expect(view.context).not.toHaveProperty('settings');
    expect(view.context.configValid).toBe(false);
  });
});
