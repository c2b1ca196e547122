// What the doctor and `devices list` ask CUPS: its queues (lpstat) and whether the server is
// hardened so that it keeps nothing of a print job (cupsd.conf, read from the file when we can,
// else from the server itself: GET /admin/conf/cupsd.conf).
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { runTool } from '../tools';

export interface CupsTarget {
  /** Unix socket path or host:port; undefined = the system's default server. */
  server: string | undefined;
  env: NodeJS.ProcessEnv;
}

const serverArgs = (t: CupsTarget) => (t.server ? ['-h', t.server] : []);

export interface QueueInfo {
  name: string;
  deviceUri: string | null;
  enabled: boolean;
  /** "simulated media-jam-error", the reason CUPS shows when the queue stopped. */
  message: string | null;
  /** printer-state-reasons: media-jam-error, paused, offline-report… */
  alerts: string[];
  accepting: boolean | null;
}

export async function schedulerRunning(t: CupsTarget): Promise<{ running: boolean; error: string | null }> {
  const r = await runTool('lpstat', [...serverArgs(t), '-r'], { env: t.env });
  if (r.error === 'ENOENT') return { running: false, error: 'lpstat introuvable (paquet cups-client)' };
  return { running: /scheduler is running/.test(r.stdout), error: null };
}

/** Parses `lpstat -l -p` (LC_ALL=C). */
export function parseLpstatPrinters(text: string): Omit<QueueInfo, 'deviceUri' | 'accepting'>[] {
  const out: Omit<QueueInfo, 'deviceUri' | 'accepting'>[] = [];
  let current: Omit<QueueInfo, 'deviceUri' | 'accepting'> | null = null;
  let afterHead = false;
  for (const line of text.split('\n')) {
    const head = /^printer (\S+) (?:is \w+\.\s+)?(enabled|disabled)/.exec(line);
    if (head) {
      current = { name: head[1]!, enabled: head[2] === 'enabled', message: null, alerts: [] };
      out.push(current);
      afterHead = true;
      continue;
    }
    if (!current) continue;
    // The line right after the head is the printer's state message, unless it is an attribute.
    if (afterHead && /^\t[^\t]/.test(line) && !/^\t[A-Z][\w ]*:(\s|$)/.test(line)) current.message = line.trim() || null;
    afterHead = false;
    const alerts = /^\s+Alerts:\s*(.*)$/.exec(line);
    if (alerts) current.alerts = alerts[1]!.split(/\s+/).filter((a) => a && a !== 'none');
  }
  return out;
}

export async function listQueues(t: CupsTarget): Promise<{ queues: QueueInfo[]; error: string | null }> {
  const [printers, devices, accepting] = await Promise.all([
    runTool('lpstat', [...serverArgs(t), '-l', '-p'], { env: t.env }),
    runTool('lpstat', [...serverArgs(t), '-v'], { env: t.env }),
    runTool('lpstat', [...serverArgs(t), '-a'], { env: t.env }),
  ]);
  if (printers.error === 'ENOENT') return { queues: [], error: 'lpstat introuvable (paquet cups-client)' };
  if (printers.code !== 0 && !printers.stdout) return { queues: [], error: printers.stderr.trim() || `lpstat : code ${printers.code}` };
  const uris = new Map([...devices.stdout.matchAll(/^device for (\S+): (.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
  const acc = new Map([...accepting.stdout.matchAll(/^(\S+) (not )?accepting requests/gm)].map((m) => [m[1]!, !m[2]]));
  const queues = parseLpstatPrinters(printers.stdout).map((q) => ({ ...q, deviceUri: uris.get(q.name) ?? null, accepting: acc.get(q.name) ?? null }));
  return { queues, error: null };
}

/** Top-level directives of a cupsd.conf (sections such as <Location> skipped), names lowercased. */
export function parseCupsdConf(text: string): Map<string, string> {
  const directives = new Map<string, string>();
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^<\//.test(line)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (line.startsWith('<')) {
      depth += 1;
      continue;
    }
    if (depth > 0) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (m) directives.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return directives;
}

export interface HardeningFinding {
  level: 'ok' | 'warning' | 'error';
  text: string;
}

const isOff = (v: string | undefined) => v !== undefined && /^(no|off|false|0)$/i.test(v);

/**
 * What a cupsd.conf keeps of a job. CUPS's defaults keep a copy of each document for a day
 * (PreserveJobFiles 86400), the job's attributes — its title is often the file name — forever
 * (PreserveJobHistory Yes), and a page log line per page with the title.
 */
export function cupsHardening(d: Map<string, string>): HardeningFinding[] {
  const findings: HardeningFinding[] = [];
  const files = d.get('preservejobfiles');
  if (isOff(files)) findings.push({ level: 'ok', text: 'PreserveJobFiles No' });
  else
    findings.push({
      level: 'error',
      text: `PreserveJobFiles ${files ?? '(absent : 86400 par défaut)'} — CUPS garde une copie de chaque document imprimé ; mettez « PreserveJobFiles No »`,
    });
  const history = d.get('preservejobhistory');
  const seconds = history !== undefined && /^\d+$/.test(history) ? Number(history) : null;
  if (isOff(history) || (seconds !== null && seconds <= 300)) findings.push({ level: 'ok', text: `PreserveJobHistory ${history}` });
  else if (seconds !== null)
    findings.push({
      level: 'warning',
      text: `PreserveJobHistory ${history} — l’historique des travaux (avec leur titre) est gardé ${Math.round(seconds / 60)} min ; 30 suffit`,
    });
  else
    findings.push({
      level: 'error',
      text: `PreserveJobHistory ${history ?? '(absent : Yes par défaut)'} — CUPS garde l’historique des travaux et leur titre ; mettez « PreserveJobHistory 30 »`,
    });
  const level = (d.get('loglevel') ?? 'warn').toLowerCase();
  if (/^(debug|debug2)$/.test(level))
    findings.push({ level: 'error', text: `LogLevel ${level} — les journaux gardent le titre des documents ; mettez « LogLevel warn »` });
  else if (/^(info|notice)$/.test(level)) findings.push({ level: 'warning', text: `LogLevel ${level} — « LogLevel warn » suffit` });
  else findings.push({ level: 'ok', text: `LogLevel ${level}` });
  const pageLog = d.get('pagelogformat');
  if (pageLog === undefined)
    findings.push({
      level: 'error',
      text: 'PageLogFormat absent — le format par défaut écrit le titre de chaque document dans page_log ; mettez une ligne « PageLogFormat » vide',
    });
  else if (pageLog !== '' && pageLog !== '""')
    findings.push({ level: /job-name|%j/.test(pageLog) ? 'error' : 'warning', text: `PageLogFormat ${pageLog} — laissez-le vide` });
  else findings.push({ level: 'ok', text: 'PageLogFormat vide' });
  if (!isOff(d.get('webinterface') ?? 'no'))
    findings.push({ level: 'warning', text: 'WebInterface Yes — l’interface web de CUPS n’est pas utile sur une cabine' });
  if (/^(yes|on|true)$/i.test(d.get('browsing') ?? 'no'))
    findings.push({ level: 'warning', text: 'Browsing Yes — la cabine annonce ou cherche des imprimantes sur le réseau' });
  return findings;
}

/**
 * Policies that name "@OWNER" in a "Require user" line. Debian's cupsd 2.4.2-3+deb12u10 (fix of CVE-2026-27447)
 * dereferences the requesting user's account without checking it exists when it evaluates @OWNER: a client that
 * cancels a job under a name with no account crashes CUPS. Cabine's own requests cannot trigger it (they run as
 * an existing account, authenticated by uid), any other local program can; the shipped cupsd.conf names the user.
 */
export function ownerPolicyFindings(text: string): HardeningFinding[] {
  const lines = text.split('\n').filter((l) => /^\s*Require\s+user\b.*@OWNER\b/i.test(l.replace(/#.*$/, '')));
  if (lines.length === 0) return [];
  return [
    {
      level: 'warning',
      text: `« Require user @OWNER » (${lines.length} règle${lines.length > 1 ? 's' : ''}) — le cupsd 2.4.2-3+deb12u10 de Debian s’arrête (plantage) quand un programme annule un travail au nom d’un compte qui n’existe pas ; la configuration de build/linux/cups/ nomme l’utilisateur « cabine » à la place`,
    },
  ];
}

function httpGetOverCups(server: string, urlPath: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const target = server.startsWith('/')
    ? { socketPath: server }
    : (() => {
        const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server);
        return { host: m?.[1] ?? 'localhost', port: Number(m?.[2] ?? 631) };
      })();
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path: urlPath, method: 'GET', headers: { Host: 'localhost' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('ETIMEDOUT')));
    req.on('error', reject);
    req.end();
  });
}

export const SYSTEM_CUPSD_CONF = '/etc/cups/cupsd.conf';

/**
 * The server's cupsd.conf: the file given, else /etc/cups/cupsd.conf for the system's server,
 * else asked of the server (works as root, or where the policy lets anyone read it).
 */
export async function readCupsdConf(t: CupsTarget, file: string | undefined): Promise<{ text: string; source: string } | { error: string }> {
  const systemServer = !t.server || t.server === '/run/cups/cups.sock' || /^(localhost|127\.0\.0\.1)(:631)?$/.test(t.server);
  const candidate = file ?? (systemServer ? SYSTEM_CUPSD_CONF : undefined);
  if (candidate) {
    try {
      return { text: await readFile(candidate, 'utf8'), source: candidate };
    } catch (error) {
      if (file) return { error: `${file} illisible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  }
  try {
    const server = t.server ?? '/run/cups/cups.sock';
    const r = await httpGetOverCups(server, '/admin/conf/cupsd.conf', 5000);
    if (r.status === 200) return { text: r.body, source: `${server} (/admin/conf/cupsd.conf)` };
    return {
      error:
        r.status === 401 || r.status === 403
          ? 'le serveur CUPS refuse de donner sa configuration (droits administrateur) : relancez avec sudo'
          : `le serveur CUPS répond ${r.status}`,
    };
  } catch (error) {
    return { error: `configuration de CUPS inaccessible (${(error as Error).message})` };
  }
}
