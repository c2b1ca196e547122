// When the Electron shell should restart itself. Each démarche session gets an in-memory partition that Electron
// keeps in its session map until the process exits (docs/electron-notes.md), so memory grows with every resident;
// a restart gives it back. Only between residents: when the cabin is back on its attract screen, which the session
// machine reaches after a verified wipe only (the model-based proof), after `afterSessions` sessions or once a day
// at `at` (local time). The new process's boot sweep then checks the RAM root again. Plain logic, tested under Node.

export interface RelaunchOptions {
  /** Restart once this many sessions have ended since start-up (null: never for this reason). */
  afterSessions: number | null;
  /** "HH:MM", local time: restart once the clock has passed it since start-up (null: never for this reason). */
  at: string | null;
  /** Called once, when a restart is due and the cabin is idle. */
  onDue: (why: RelaunchReason) => void;
  now?: () => Date;
}

/** 'fleet-config': a new config kept from the fleet (src/cabin/fleet/follow.ts), applied by starting again on it. */
export type RelaunchReason = 'sessions' | 'daily' | 'fleet-config';

export interface RelaunchPolicy {
  /** The cabin region's top-level state, at each change (attract, welcome, session, wiping, goodbye…). */
  observe(state: string): void;
  /** A periodic look (the daily time passes while the cabin sits on attract). */
  tick(): void;
  /** A restart for this reason at the next moment the cabin is idle (at once if it is now). */
  request(why: 'fleet-config'): void;
  readonly sessionsEnded: number;
}

/** Why, for the journal. */
export function relaunchWhy(why: RelaunchReason, options: { relaunch: { at: string | null } }, sessionsEnded: number): string {
  if (why === 'daily') return `daily, ${options.relaunch.at}`;
  if (why === 'fleet-config') return 'a new config from the fleet';
  return `${sessionsEnded} sessions`;
}

/** The first moment after `from` whose local time is HH:MM. */
export function nextLocalTime(from: Date, hhmm: string): Date {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day: ${hhmm}`);
  const at = new Date(from);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at <= from) at.setDate(at.getDate() + 1);
  return at;
}

export function createRelaunchPolicy(options: RelaunchOptions): RelaunchPolicy {
  const now = options.now ?? (() => new Date());
  const dailyAt = options.at ? nextLocalTime(now(), options.at) : null;
  let state = '';
  let sessionsEnded = 0;
  let due = false;
  let requested: 'fleet-config' | null = null;

  const check = (): void => {
    if (due || state !== 'attract') return;
    const why =
      requested ?? (options.afterSessions !== null && sessionsEnded >= options.afterSessions ? 'sessions' : dailyAt && now() >= dailyAt ? 'daily' : null);
    if (!why) return;
    due = true;
    options.onDue(why);
  };

  return {
    observe(next) {
      // A resident's session is over when the machine leaves the wipe (goodbye or straight to attract).
      if (state === 'wiping' && next !== 'wiping') sessionsEnded++;
      state = next;
      check();
    },
    tick: check,
    request(why) {
      requested = why;
      check();
    },
    get sessionsEnded() {
      return sessionsEnded;
    },
  };
}
