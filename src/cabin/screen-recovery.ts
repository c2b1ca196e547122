// What happens when the cabin's own screens (the renderer that draws attract, catalog, toolbar…) crash or hang:
// the resident must never face a blank or frozen display while the main process lives on. The shell reports
// the renderer's fate here; this decides: reload the screens (the session machine lives in the main process,
// so the resident's session goes on and the screens get its state back), and when reloading does not hold —
// several crashes in a short time — relaunch the whole app (its boot sweep then wipes whatever was left).
// Plain logic with an injected clock, tested under Node; src/main wires it to Electron's events.

export const SCREEN_GONE_REASONS = ['crashed', 'oom', 'killed', 'launch-failed', 'integrity-failure', 'abnormal-exit', 'hung', 'other'] as const;
export type ScreenGoneReason = (typeof SCREEN_GONE_REASONS)[number];
export const RECOVERY_ACTIONS = ['reload', 'relaunch'] as const;
export type RecoveryAction = (typeof RECOVERY_ACTIONS)[number];

export interface ScreenRecoveryOptions {
  /** Reload the screens; for 'hung', in a new renderer process (Electron: forcefullyCrashRenderer, then reload). */
  reload: (reason: ScreenGoneReason) => void;
  relaunch: () => void;
  /** Counted in the metrics and logged: never anything a resident did. */
  onRecovery?: (action: RecoveryAction, reason: ScreenGoneReason) => void;
  /** This many losses within windowMs → relaunch instead of reload. Default 3 in 2 minutes. */
  maxReloads?: number;
  windowMs?: number;
  /** How long the screens may stay unresponsive before they count as hung. Default 15 s. */
  hungAfterMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export interface ScreenRecovery {
  /** The renderer process ended (Electron's render-process-gone reason; 'clean-exit' is ignored). */
  gone(reason: string): void;
  unresponsive(): void;
  responsive(): void;
  dispose(): void;
}

const REASONS: Record<string, ScreenGoneReason> = {
  crashed: 'crashed',
  oom: 'oom',
  killed: 'killed',
  'launch-failed': 'launch-failed',
  'integrity-failure': 'integrity-failure',
  'abnormal-exit': 'abnormal-exit',
};

export function createScreenRecovery(options: ScreenRecoveryOptions): ScreenRecovery {
  const maxReloads = options.maxReloads ?? 3;
  const windowMs = options.windowMs ?? 120_000;
  const hungAfterMs = options.hungAfterMs ?? 15_000;
  const now = options.now ?? Date.now;
  const setTimer =
    options.setTimer ??
    ((fn, ms) => {
      const t = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(t) };
    });
  const losses: number[] = [];
  let hung: { cancel(): void } | null = null;
  let relaunching = false;
  /** A hung renderer is killed on purpose before the reload: its own "gone" is not another loss. */
  let killedOnPurpose = false;

  const recover = (reason: ScreenGoneReason): void => {
    if (relaunching) return;
    hung?.cancel();
    hung = null;
    const t = now();
    losses.push(t);
    while (losses.length && t - losses[0]! > windowMs) losses.shift();
    const action: RecoveryAction = losses.length > maxReloads ? 'relaunch' : 'reload';
    options.onRecovery?.(action, reason);
    if (action === 'relaunch') {
      relaunching = true;
      options.relaunch();
    } else {
      killedOnPurpose = reason === 'hung';
      options.reload(reason);
    }
  };

  return {
    gone(reason) {
      if (reason === 'clean-exit') return;
      if (killedOnPurpose) {
        killedOnPurpose = false;
        return;
      }
      recover(REASONS[reason] ?? 'other');
    },
    unresponsive() {
      if (hung || relaunching) return;
      hung = setTimer(() => {
        hung = null;
        recover('hung');
      }, hungAfterMs);
    },
    responsive() {
      hung?.cancel();
      hung = null;
    },
    dispose() {
      hung?.cancel();
      hung = null;
    },
  };
}
