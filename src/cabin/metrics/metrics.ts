// The cabin's Prometheus metrics. Names are an interface (the fleet's dashboards and alerts use
// them): keep them exactly. Labels are bounded: démarche ids of the catalog, ending reasons,
// device kinds — never anything a resident typed or visited.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AGENT_ACTIONS, DEVICE_KINDS, ENDING_REASONS, type AgentAction, type DeviceKind, type EndingReason } from '../../shared/session/types';
import { RECOVERY_ACTIONS, SCREEN_GONE_REASONS, type RecoveryAction, type ScreenGoneReason } from '../screen-recovery';

export const METRIC_NAMES = {
  sessions: 'cabine_sessions_total',
  wipeDuration: 'cabine_wipe_duration_seconds',
  wipeFailures: 'cabine_wipe_failures_total',
  deviceUp: 'cabine_device_up',
  printerPages: 'cabine_printer_pages_total',
  outOfService: 'cabine_out_of_service',
  screenRecoveries: 'cabine_screen_recoveries_total',
  assistedActions: 'cabine_assisted_actions_total',
} as const;

/** Label of a session that ended before any démarche was opened. */
export const NO_DEMARCHE = 'none';
/** Label of an id outside the catalog (should not happen; keeps the label set bounded). */
export const OTHER_DEMARCHE = 'other';

export interface CabineMetricsOptions {
  /** Catalog ids: their series exist from the start (at 0), so increase() sees the first session. */
  demarcheIds: readonly string[];
  registry?: Registry;
  /** process_* and nodejs_* metrics of prom-client. Default: true. */
  processMetrics?: boolean;
  /** Constant labels on every series, e.g. { cabin: 'lyon-3-mairie' } (Prometheus usually adds `instance`). */
  defaultLabels?: Record<string, string>;
}

export class CabineMetrics {
  readonly registry: Registry;
  private readonly ids: ReadonlySet<string>;
  private readonly sessions: Counter<'demarche' | 'ending'>;
  private readonly wipeDuration: Histogram;
  private readonly wipeFailures: Counter;
  private readonly deviceUpGauge: Gauge<'device'>;
  private readonly printerPages: Counter;
  private readonly outOfServiceGauge: Gauge;
  private readonly screenRecoveries: Counter<'action' | 'reason'>;
  private readonly assistedActions: Counter<'action'>;

  constructor(options: CabineMetricsOptions) {
    this.registry = options.registry ?? new Registry();
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    const registers = [this.registry];
    this.ids = new Set(options.demarcheIds);
    this.sessions = new Counter({
      name: METRIC_NAMES.sessions,
      help: 'Sessions ended, by the first démarche opened ("none" if none) and ending reason. Each session counts once.',
      labelNames: ['demarche', 'ending'],
      registers,
    });
    this.wipeDuration = new Histogram({
      name: METRIC_NAMES.wipeDuration,
      help: 'Duration of successful end-of-session wipes, in seconds.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.wipeFailures = new Counter({ name: METRIC_NAMES.wipeFailures, help: 'Wipe attempts that failed.', registers });
    this.deviceUpGauge = new Gauge({
      name: METRIC_NAMES.deviceUp,
      help: '1 when the device answers, 0 when it is missing or faulty.',
      labelNames: ['device'],
      registers,
    });
    this.printerPages = new Counter({ name: METRIC_NAMES.printerPages, help: 'Pages printed for residents.', registers });
    this.outOfServiceGauge = new Gauge({ name: METRIC_NAMES.outOfService, help: '1 while the cabin shows out-of-service.', registers });
    this.screenRecoveries = new Counter({
      name: METRIC_NAMES.screenRecoveries,
      help: 'Times the cabin’s own screens crashed or hung and were reloaded, or the app relaunched.',
      labelNames: ['action', 'reason'],
      registers,
    });
    this.assistedActions = new Counter({
      name: METRIC_NAMES.assistedActions,
      help: 'Actions of the agent’s panel in assisted sessions (more pages, a site opened, more time, end of assistance).',
      labelNames: ['action'],
      registers,
    });
    for (const action of AGENT_ACTIONS) this.assistedActions.inc({ action }, 0);
    // Every series from the start, at 0: increase() then sees the first recovery.
    for (const action of RECOVERY_ACTIONS) for (const reason of SCREEN_GONE_REASONS) this.screenRecoveries.inc({ action, reason }, 0);
    for (const demarche of [...this.ids, NO_DEMARCHE]) for (const ending of ENDING_REASONS) this.sessions.inc({ demarche, ending }, 0);
    this.wipeFailures.inc(0);
    this.printerPages.inc(0);
    this.outOfServiceGauge.set(0);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * One increment per session, labelled with the first démarche it opened (what the resident came
   * for), so that sums over labels count sessions; the audit log keeps every démarche opened.
   */
  sessionEnded(demarches: readonly string[], ending: EndingReason): void {
    const first = demarches[0];
    const demarche = first === undefined ? NO_DEMARCHE : this.ids.has(first) ? first : OTHER_DEMARCHE;
    this.sessions.inc({ demarche, ending });
  }

  wipeFinished(ok: boolean, durationMs: number | null): void {
    if (!ok) this.wipeFailures.inc();
    else if (durationMs !== null) this.wipeDuration.observe(durationMs / 1000);
  }

  /** null: unknown (not probed yet, or disabled) — the series is removed rather than guessed. */
  deviceUp(device: DeviceKind, up: boolean | null): void {
    if (!DEVICE_KINDS.includes(device)) return;
    if (up === null) this.deviceUpGauge.remove({ device });
    else this.deviceUpGauge.set({ device }, up ? 1 : 0);
  }

  pagesPrinted(pages: number): void {
    if (pages > 0) this.printerPages.inc(pages);
  }

  /** The screens were reloaded, or the app relaunched, after a crash or hang (src/cabin/screen-recovery.ts). */
  screenRecovered(action: RecoveryAction, reason: ScreenGoneReason): void {
    this.screenRecoveries.inc({ action, reason });
  }

  /** An action of the agent's panel (issue 15): its kind only. */
  agentAction(action: AgentAction): void {
    if (AGENT_ACTIONS.includes(action)) this.assistedActions.inc({ action });
  }

  outOfService(active: boolean): void {
    this.outOfServiceGauge.set(active ? 1 : 0);
  }
}
