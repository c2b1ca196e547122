// A typed IPP client for CUPS over its unix socket or TCP, on top of npm `ipp` (encoding/decoding only:
// the HTTP transport is ours, for keep-alive, timeouts and unix sockets).
import { existsSync } from 'node:fs';
import http from 'node:http';
import { userInfo } from 'node:os';
import ipp, { type IppGroup, type IppMessage } from 'ipp';

// CUPS extensions npm `ipp` does not know, registered once.
const booleanSyntax = { type: 'boolean', tag: ipp.tags['boolean'] };
ipp.attributes['Operation']!['purge-job'] = booleanSyntax; // Cancel-Job: also delete the job's files and history
ipp.attributes['Operation']!['purge-jobs'] = booleanSyntax; // Purge-Jobs / Cancel-Jobs
const operations = ipp.enums['operations-supported']!;
for (const [name, code] of [
  ['CUPS-Get-Printers', 0x4002],
  ['CUPS-Add-Modify-Printer', 0x4003],
  ['CUPS-Accept-Jobs', 0x4008],
] as const) {
  operations[name] = code;
  operations.lookup[code] = name;
}
// npm `ipp` prints to the console on tags it does not decode (no-value, unknown…): read them quietly.
ipp.parse.handleUnknownTag = (_tag, _name, length, read) => (length ? read(length) : null);

export type IppAttributes = IppGroup;

export class IppError extends Error {
  override name = 'IppError';
  constructor(
    readonly status: string,
    readonly operation: string,
  ) {
    super(`${operation}: ${status}`);
  }
}

/** CUPS cannot be reached at all (socket missing, connection refused, timeout). */
export class IppConnectionError extends Error {
  override name = 'IppConnectionError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface IppTarget {
  /** Unix socket path, when talking to the local cupsd through it. */
  socketPath?: string;
  host: string;
  port: number;
}

const SYSTEM_SOCKET = '/run/cups/cups.sock';

/** Resolves "server" as CUPS clients do: a socket path, host[:port], else CUPS_SERVER, else the system's. */
export function resolveServer(server?: string): IppTarget {
  const spec = server ?? process.env.CUPS_SERVER ?? (existsSync(SYSTEM_SOCKET) ? SYSTEM_SOCKET : 'localhost:631');
  if (spec.startsWith('/')) return { socketPath: spec, host: 'localhost', port: 631 };
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(spec);
  if (!m) throw new RangeError(`invalid CUPS server: ${spec}`);
  return { host: m[1]!, port: m[2] ? Number(m[2]) : 631 };
}

export interface IppResponse {
  status: string;
  operation: IppGroup;
  /** Job groups (Get-Jobs returns one per job). */
  jobs: IppGroup[];
  printers: IppGroup[];
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export class IppClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    readonly target: IppTarget,
    private readonly timeoutMs = 30_000,
  ) {}

  /** The printer-uri CUPS expects for a queue. */
  printerUri(queue: string): string {
    const authority = this.target.socketPath ? 'localhost' : `${this.target.host}:${this.target.port}`;
    return `ipp://${authority}/printers/${encodeURIComponent(queue)}`;
  }

  /** Sends one IPP operation; resolves on a successful-* status, rejects with IppError otherwise. */
  async request(
    operation: string,
    resource: string,
    attributes: IppAttributes,
    extra: { job?: IppAttributes; printer?: IppAttributes; data?: Uint8Array; signal?: AbortSignal; authenticate?: boolean } = {},
  ): Promise<IppResponse> {
    const message: IppMessage = {
      version: '2.0',
      operation,
      'operation-attributes-tag': { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'fr', ...attributes },
    };
    if (extra.job) message['job-attributes-tag'] = extra.job;
    if (extra.printer) message['printer-attributes-tag'] = extra.printer;
    let head: Buffer;
    try {
      head = ipp.serialize(message);
    } catch (thrown) {
      // npm `ipp` throws strings ("Unknown attribute: …").
      throw thrown instanceof Error ? thrown : new Error(`IPP ${operation}: ${String(thrown)}`);
    }
    const body = extra.data ? [head, extra.data] : [head];
    const raw = await this.post(resource, body, extra.signal, extra.authenticate);
    const parsed = ipp.parse(raw);
    const status = parsed.statusCode ?? `unknown-status-0x${raw.readUInt16BE(2).toString(16)}`;
    if (!status.startsWith('successful')) throw new IppError(status, operation);
    return {
      status,
      operation: parsed['operation-attributes-tag'] ?? {},
      jobs: asArray<IppGroup>(parsed['job-attributes-tag']),
      printers: asArray<IppGroup>(parsed['printer-attributes-tag']),
    };
  }

  private post(resource: string, body: Uint8Array[], signal?: AbortSignal, authenticate = false): Promise<Buffer> {
    const length = body.reduce((n, b) => n + b.length, 0);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/ipp',
      'Content-Length': length,
      // CUPS checks Host against its names; "localhost" is always one of them.
      Host: this.target.socketPath ? 'localhost' : `${this.target.host}:${this.target.port}`,
    };
    // On the local socket, cupsd authenticates a client by its uid (SO_PEERCRED) when it names itself this way:
    // how the cabin's user passes the "Require user" of the operations build/linux/cups/cupsd.conf reserves.
    // Only where asked: an authenticated Print-Job would be owned by the process's user instead of "cabine".
    if (authenticate && this.target.socketPath) headers.Authorization = `PeerCred ${userInfo().username}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          socketPath: this.target.socketPath,
          host: this.target.host,
          port: this.target.port,
          path: resource,
          method: 'POST',
          headers,
          timeout: this.timeoutMs,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new IppError(`http-${res.statusCode}`, resource));
            else resolve(Buffer.concat(chunks));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new IppConnectionError(`CUPS did not answer within ${this.timeoutMs} ms`, 'ETIMEDOUT')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof IppConnectionError || error.name === 'AbortError') reject(error);
        else reject(new IppConnectionError(error.message, error.code));
      });
      for (const b of body) req.write(b);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Reads an attribute that may be one value or a set as a list of strings. */
export function keywords(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
