// The escape audit's private X server, so native dialogs are real windows it can see, and what
// that server says of its windows (xwininfo, xprop).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Display {
  display: string;
  stop(): Promise<void>;
}

/** A private Xvfb on a display number of its own choosing; null when there is no Xvfb or it does not start. */
export async function startXvfb(): Promise<Display | null> {
  const exists = await stat('/usr/bin/Xvfb').then(
    () => true,
    () => false,
  );
  if (!exists) return null;
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const number = await new Promise<string | null>((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve(null), 10_000);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
    fd3?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', () => resolve(null));
  });
  if (!number) {
    child.kill('SIGKILL');
    return null;
  }
  return {
    display: `:${number}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

export interface XWindow {
  id: string;
  /** '' when the window has no name (EyeDropper's magnifier, tooltips, menus). */
  name: string;
}

/** Every top-level window of the X server, named or not, mapped or not. */
export async function listXWindows(display: string): Promise<XWindow[]> {
  let out: string;
  try {
    ({ stdout: out } = await run('xwininfo', ['-display', display, '-root', '-children'], { timeout: 3000 }));
  } catch {
    return [];
  }
  const windows: XWindow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s+(0x[0-9a-f]+) (?:"(.*)"|\(has no name\)):/.exec(line);
    if (m) windows.push({ id: m[1]!, name: m[2] ?? '' });
  }
  return windows;
}

export interface XWindowDetails {
  viewable: boolean;
  width: number;
  height: number;
  overrideRedirect: boolean;
  role: string;
  type: string;
}

/** What a resident would see of one window: shown or not, its size, its kind. Null once it is gone. */
export async function xWindowDetails(display: string, id: string): Promise<XWindowDetails | null> {
  try {
    const { stdout: stats } = await run('xwininfo', ['-display', display, '-id', id, '-stats'], { timeout: 3000 });
    const { stdout: props } = await run('xprop', ['-display', display, '-id', id, 'WM_WINDOW_ROLE', '_NET_WM_WINDOW_TYPE'], { timeout: 3000 }).catch(() => ({
      stdout: '',
    }));
    return {
      viewable: /Map State: IsViewable/.test(stats),
      width: Number(/Width: (\d+)/.exec(stats)?.[1] ?? 0),
      height: Number(/Height: (\d+)/.exec(stats)?.[1] ?? 0),
      overrideRedirect: /Override Redirect State: yes/.test(stats),
      role: /WM_WINDOW_ROLE\(STRING\) = "([^"]*)"/.exec(props)?.[1] ?? '',
      type: /_NET_WM_WINDOW_TYPE\(ATOM\) = (\S+)/.exec(props)?.[1] ?? '',
    };
  } catch {
    return null;
  }
}
