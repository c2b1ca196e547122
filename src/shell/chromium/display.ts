// Where the shell shows: the X display of $DISPLAY, or, when there is none, a private Xvfb of its
// own (the X server picks a free display number itself: -displayfd), stopped with the shell.
import { spawn, type ChildProcess } from 'node:child_process';
import { openXScreen, type XScreenHandle } from './xscreen';

export interface ShellDisplay {
  /** ":N" */
  name: string;
  /** Started by the shell (a private Xvfb), as opposed to the display it was given. */
  own: boolean;
  width: number;
  height: number;
  screen: XScreenHandle;
  stop(): Promise<void>;
}

export interface DisplayOptions {
  /** $DISPLAY, if any. */
  display?: string;
  /** The private Xvfb's screen size. */
  size: { width: number; height: number };
  xvfb?: string;
}

/** "1920x1080" → { width, height } (null when it is not a size). */
export function parseSize(text: string): { width: number; height: number } | null {
  const m = /^(\d{3,5})x(\d{3,5})$/.exec(text);
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  return width >= 640 && height >= 480 && width <= 7680 && height <= 4320 ? { width, height } : null;
}

export async function openDisplay(options: DisplayOptions): Promise<ShellDisplay> {
  if (options.display) {
    const screen = await openXScreen(options.display);
    return { name: options.display, own: false, width: screen.width, height: screen.height, screen, stop: async () => screen.close() };
  }
  const { child, name } = await startXvfb(options.xvfb ?? 'Xvfb', options.size);
  let screen: XScreenHandle;
  try {
    screen = await openXScreen(name);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    name,
    own: true,
    width: screen.width,
    height: screen.height,
    screen,
    stop: async () => {
      screen.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function startXvfb(command: string, size: { width: number; height: number }): Promise<{ child: ChildProcess; name: string }> {
  // -displayfd 3: Xvfb takes the first free display number and writes it there once it accepts clients.
  const child = spawn(command, ['-displayfd', '3', '-screen', '0', `${size.width}x${size.height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not start in 15 s')), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (e) => fail(new Error(`Xvfb could not be run (${e.message}): install the xvfb package`)));
    const onExit = (code: number | null) => fail(new Error(`Xvfb exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
    child.once('exit', onExit);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.setEncoding('utf8');
    fd3.on('data', (d: string) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(m[1]!);
      }
    });
  });
  return { child, name: `:${number}` };
}
