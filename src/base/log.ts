// The cabin's journal lines. Under systemd (StandardOutput=journal) a line that starts with "<N>" gets
// syslog priority N in the journal (SyslogLevelPrefix=yes, systemd's default), so that `journalctl -p err`
// and a central journal (systemd-journal-upload) see a failed wipe apart from the routine. Elsewhere (a
// terminal) the prefix would only be noise: it is written only when stdout is the journal.
// What is logged is never personal: counts, states, hosts of the catalog, reasons (the residue audit
// searches the logs for what a resident typed).

export type LogLevel = 'err' | 'warning' | 'notice' | 'info' | 'debug';
export type Log = (message: string, level?: LogLevel) => void;

/** syslog(3) priorities. */
export const SYSLOG_PRIORITY: Record<LogLevel, number> = { err: 3, warning: 4, notice: 5, info: 6, debug: 7 };

/** Whether stdout is connected to the journal: systemd sets JOURNAL_STREAM for a unit's stdout/stderr. */
export function stdoutIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env.JOURNAL_STREAM === 'string' && env.JOURNAL_STREAM.length > 0;
}

/** One journal line: each line of a multi-line message gets the prefix (the journal splits them). */
export function journalLine(message: string, level: LogLevel = 'info', toJournal = stdoutIsJournal()): string {
  if (!toJournal) return message;
  const prefix = `<${SYSLOG_PRIORITY[level]}>`;
  return message
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
