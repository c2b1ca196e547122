// The screen share's pump (issue 17): one picture at a time to the page, the newest waiting, nothing after stop.
import { describe, expect, it } from 'vitest';
import { shareDrawExpression, shareInstallScript, SharePump, type ShareLayer } from '../../../src/engine/call-share';

const layer = (n: number): ShareLayer[] => [{ jpegBase64: `pic${n}`, x: 0, y: 0, width: 10, height: 10 }];

describe('SharePump', () => {
  it('sends one picture at a time; of those that came meanwhile, only the newest', async () => {
    const sent: string[] = [];
    const pending: (() => void)[] = [];
    const pump = new SharePump((expression) => {
      sent.push(expression);
      return new Promise<void>((resolve) => pending.push(resolve));
    });
    pump.push(layer(1));
    pump.push(layer(2));
    pump.push(layer(3));
    expect(sent).toEqual([shareDrawExpression(layer(1))]);
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([shareDrawExpression(layer(1)), shareDrawExpression(layer(3))]);
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
  });

  it('a page that fails a picture gets the next one; after stop, nothing', async () => {
    const sent: string[] = [];
    let fail = true;
    const pump = new SharePump(async (expression) => {
      sent.push(expression);
      if (fail) throw new Error('the frame navigated');
    });
    pump.push(layer(1));
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    pump.push(layer(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
    pump.stop();
    pump.push(layer(3));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
  });

  it('the page’s script sizes the canvas to the share and refuses getDisplayMedia once stopped', () => {
    const script = shareInstallScript(1280.4, 720);
    expect(script).toContain('share.canvas.width = 1280;');
    expect(script).toContain('share.canvas.height = 720;');
    expect(script).toContain('if (!share.on) throw new DOMException');
  });
});
