// A key the hold-back gives back with Input.dispatchKeyEvent may come through Electron's before-input-event
// again: pageKeyTarget tells it apart while it is in flight, so it is not held a second time.
import { describe, expect, it } from 'vitest';
import type { CdpParams, CdpSession } from '../../../src/engine/cdp';
import { pageKeyTarget } from '../../../src/engine/keyboard';

function recordingCdp(onSend: (method: string, params?: CdpParams) => void): CdpSession {
  return {
    send: async <T>(method: string, params?: CdpParams) => {
      onSend(method, params);
      await new Promise((r) => setTimeout(r, 5));
      return {} as T;
    },
    on: () => () => {},
  };
}

describe('pageKeyTarget', () => {
  it('knows its own Enter while it is being sent, and only then', async () => {
    const seenDuring: boolean[] = [];
    const holder: { keys?: ReturnType<typeof pageKeyTarget> } = {};
    const keys = pageKeyTarget(
      recordingCdp((method) => {
        if (method === 'Input.dispatchKeyEvent') seenDuring.push(holder.keys!.isOwnKey('Enter'), holder.keys!.isOwnKey('Tab'));
      }),
    );
    holder.keys = keys;
    expect(keys.isOwnKey('Enter')).toBe(false);
    await keys.target.pressKey('Enter');
    expect(seenDuring).toEqual([true, false, true, false]);
    expect(keys.isOwnKey('Enter')).toBe(false);
  });

  it('text goes in as inserted text, with no key event to come back', async () => {
    const sent: string[] = [];
    const keys = pageKeyTarget(recordingCdp((method, params) => sent.push(`${method} ${JSON.stringify(params)}`)));
    await keys.target.typeText('A1');
    expect(sent).toEqual(['Input.insertText {"text":"A1"}']);
  });

  it('a failed send does not leave the key marked as its own', async () => {
    const keys = pageKeyTarget({ send: async () => Promise.reject(new Error('gone')), on: () => () => {} });
    await expect(keys.target.pressKey('Tab')).rejects.toThrow('gone');
    expect(keys.isOwnKey('Tab')).toBe(false);
  });
});
