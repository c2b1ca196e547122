// A HID device kept open: found by vendor/product (and collection), its input reports
// forwarded, its loss (read error on unplug, open failure) reported once, and a new attempt
// made every `reconnectMs` until it is back. Nothing it does can throw into the caller:
// every transport failure becomes a 'lost' event and a diagnostic fault.
import { systemClock, type Clock, type TimerHandle } from './clock';
import { createEmitter, type Unsubscribe } from './emitter';
import {
  classifyHidError,
  loadNodeHid,
  selectHidDevice,
  type HidConnection,
  type HidDeviceInfo,
  type HidFault,
  type HidMatch,
  type HidTransport,
} from './transport';

export const DEFAULT_RECONNECT_MS = 2000;

/** What diagnostics may show of a device: ids and names, never a serial number or data. */
export interface HidDeviceSummary {
  vendorId: number;
  productId: number;
  interface: number;
  product: string | null;
  manufacturer: string | null;
}

export interface HidLinkStatus {
  connected: boolean;
  device: HidDeviceSummary | null;
  /** Why it is not connected (null while connected or before the first attempt). */
  fault: HidFault | null;
  /** Successful opens since start (more than 1 = it was re-plugged). */
  connects: number;
  losses: number;
}

export interface HidLinkEvents extends Record<string, unknown> {
  report: Uint8Array;
  connected: HidDeviceSummary;
  lost: { fault: HidFault };
}

export interface HidLinkOptions {
  match: HidMatch;
  /** Default: the real node-hid, loaded on start. */
  hid?: HidTransport;
  clock?: Clock;
  reconnectMs?: number;
  /** Open without exclusive access (macOS); Linux hidraw is never exclusive. */
  nonExclusive?: boolean;
}

export interface HidLink {
  /** Resolves once the first attempt is over (connected or lost): never rejects. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Check now instead of waiting: reopen if lost (the USB inventory saw it attach), or, if open,
   * make sure it is still listed (the inventory saw it detach and no read error came).
   */
  refresh(): Promise<void>;
  status(): HidLinkStatus;
  on<K extends keyof HidLinkEvents>(event: K, listener: (payload: HidLinkEvents[K]) => void): Unsubscribe;
}

class DeviceNotListed extends Error {}

function summarize(info: HidDeviceInfo): HidDeviceSummary {
  return {
    vendorId: info.vendorId,
    productId: info.productId,
    interface: info.interface,
    product: info.product?.trim() || null,
    manufacturer: info.manufacturer?.trim() || null,
  };
}

export function createHidLink(options: HidLinkOptions): HidLink {
  const clock = options.clock ?? systemClock;
  const reconnectMs = Math.max(50, options.reconnectMs ?? DEFAULT_RECONNECT_MS);
  const events = createEmitter<HidLinkEvents>();

  let transport: HidTransport | undefined = options.hid;
  let running = false;
  let attempt: Promise<void> | null = null;
  let timer: TimerHandle | null = null;
  let connection: HidConnection | null = null;
  let openPath: string | null = null;
  // 'unknown' until the first attempt ends, so that a device absent at start is reported once.
  let reported: 'connected' | 'lost' | 'unknown' = 'unknown';
  const status: HidLinkStatus = { connected: false, device: null, fault: null, connects: 0, losses: 0 };

  const cancelTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const schedule = () => {
    cancelTimer();
    if (running) timer = clock.setTimeout(() => void tryConnect(), reconnectMs);
  };

  const closeQuietly = (conn: HidConnection) => {
    // After an unplug, close() may reject: the device is gone either way.
    conn.close().catch(() => undefined);
  };

  const markLost = (fault: HidFault) => {
    if (!running) return; // stopped while an attempt was under way: nothing to report
    status.connected = false;
    status.fault = fault;
    if (reported !== 'lost') {
      if (reported === 'connected') status.losses += 1;
      reported = 'lost';
      events.emit('lost', { fault });
    }
    schedule();
  };

  const onConnectionError = (conn: HidConnection, error: unknown) => {
    if (conn !== connection) return; // a late error from a connection already given up
    connection = null;
    closeQuietly(conn);
    markLost(classifyHidError(error));
  };

  const connect = async () => {
    try {
      transport ??= await loadNodeHid();
    } catch (_error) {
      markLost('no-driver');
      return;
    }
    try {
      const info = selectHidDevice(await transport.devicesAsync(), options.match);
      if (!info?.path) throw new DeviceNotListed();
      const conn = await transport.HIDAsync.open(info.path, options.nonExclusive ? { nonExclusive: true } : undefined);
      if (!running) {
        closeQuietly(conn);
        return;
      }
      connection = conn;
      openPath = info.path;
      // Listeners stay attached until the end: an 'error' without a listener would throw.
      conn.on('error', (error) => onConnectionError(conn, error));
      conn.on('data', (report) => {
        if (conn === connection) events.emit('report', report);
      });
      cancelTimer();
      status.connected = true;
      status.fault = null;
      status.device = summarize(info);
      status.connects += 1;
      reported = 'connected';
      events.emit('connected', status.device);
    } catch (error) {
      markLost(error instanceof DeviceNotListed ? 'not-found' : classifyHidError(error));
    }
  };

  const tryConnect = (): Promise<void> => {
    if (!running || connection) return Promise.resolve();
    attempt ??= connect().finally(() => {
      attempt = null;
    });
    return attempt;
  };

  return {
    async start() {
      if (running) return attempt ?? undefined;
      running = true;
      reported = 'unknown';
      await tryConnect();
    },
    async stop() {
      running = false;
      cancelTimer();
      await attempt;
      const conn = connection;
      connection = null;
      status.connected = false;
      if (conn) await conn.close().catch(() => undefined);
    },
    async refresh() {
      const conn = connection;
      if (!conn) {
        cancelTimer();
        return tryConnect();
      }
      let listed: boolean;
      try {
        listed = (await (transport as HidTransport).devicesAsync()).some((d) => d.path === openPath);
      } catch (_error) {
        return; // cannot tell: keep the open device
      }
      if (!listed) onConnectionError(conn, 'device disconnected: no longer listed');
    },
    status: () => ({ ...status, device: status.device && { ...status.device } }),
    on: (event, listener) => events.on(event, listener),
  };
}
