// A typed IPP client for CUPS over its unix socket or TCP: the codec is ours (./ipp, RFC 8010), and so is
// the HTTP transport, for keep-alive, timeouts and unix sockets.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { userInfo } from 'node:os';
import {
  DEFAULT_MAX_BYTES,
  decodeMessage,
  encodeRequest,
  IppDecodeError,
  isSuccessful,
  plainGroup,
  statusName,
  DelimiterTag,
  type IppInputAttributes,
  type IppPlainGroup,
} from './ipp';

/** Attributes of a request, by name (ipp/syntax.ts says how each is encoded; an unknown name is refused). */
export type IppAttributes = IppInputAttributes;
/** Attributes of a response group, by name: one value as itself, several as an array (see ipp/types.ts). */
export type IppGroup = IppPlainGroup;

/** Largest response body read from CUPS: past it the request fails with IppDecodeError. */
export const MAX_RESPONSE_BYTES = DEFAULT_MAX_BYTES;

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

let nextRequestId = 0;
/** request-id: 1 to 2^31-1 (RFC 8011 §4.1.2), one per request of this process. */
const requestId = (): number => (nextRequestId = (nextRequestId % 0x7fffffff) + 1);

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
    const head = encodeRequest({
      operation,
      requestId: requestId(),
      version: '2.0',
      groups: {
        operation: { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'fr', ...attributes },
        ...(extra.job ? { job: extra.job } : {}),
        ...(extra.printer ? { printer: extra.printer } : {}),
      },
    });
    const body = extra.data ? [head, extra.data] : [head];
    const raw = await this.post(resource, body, extra.signal, extra.authenticate);
    const response = decodeMessage(raw, { maxBytes: MAX_RESPONSE_BYTES });
    const status = statusName(response.code);
    if (!isSuccessful(response.code)) throw new IppError(status, operation);
    const groups = (tag: number): IppGroup[] => response.groups.filter((g) => g.tag === tag).map(plainGroup);
    return {
      status,
      operation: groups(DelimiterTag.operationAttributes)[0] ?? {},
      jobs: groups(DelimiterTag.jobAttributes),
      printers: groups(DelimiterTag.printerAttributes),
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
          // The body is held in memory: a server (or anything answering on its socket) may not make it grow without end.
          const tooLarge = (what: string): void => {
            reject(new IppDecodeError(`${what}, more than the ${MAX_RESPONSE_BYTES} octets read`, MAX_RESPONSE_BYTES));
            req.destroy();
          };
          const declared = Number(res.headers['content-length']);
          if (declared > MAX_RESPONSE_BYTES) return tooLarge(`CUPS announces a ${declared}-octet answer`);
          const chunks: Buffer[] = [];
          let received = 0;
          res.on('data', (c: Buffer) => {
            if (received > MAX_RESPONSE_BYTES) return;
            received += c.length;
            if (received <= MAX_RESPONSE_BYTES) chunks.push(c);
            else {
              chunks.length = 0;
              tooLarge("CUPS's answer is longer");
            }
          });
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new IppError(`http-${res.statusCode}`, resource));
            else resolve(Buffer.concat(chunks));
          });
          // The connection dropped mid-answer (cupsd died while sending it): "aborted", ECONNRESET.
          res.on('error', (error: NodeJS.ErrnoException) =>
            reject(error.name === 'AbortError' ? error : new IppConnectionError(error.message, error.code ?? 'ECONNRESET')),
          );
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

/** Reads an attribute that may be one value or a set as a list of strings (out-of-band values, null, left out). */
export function keywords(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== null).map(String);
}
