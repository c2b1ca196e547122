// One directory per session under the RAM root:
//   <ramRoot>/<sessionId>/profile   the browser profile of that session (engine's profileDir)
//   <ramRoot>/<sessionId>/files     downloads, scans, generated PDFs (engine's filesDir)
// The engine keeps its browser's home, caches and temp files inside profileDir (HOME, TMPDIR, XDG_*).
// Session ids are random and say nothing about anyone.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const SESSION_ID = /^s-[A-Za-z0-9_-]{16}$/;

/**
 * 96 random bits, base64url: valid as an IPC id and as a directory name, and short, because
 * Chromium puts Unix sockets (108 bytes at most, path included) inside the session's profile.
 */
export function newSessionId(): string {
  return `s-${randomBytes(12).toString('base64url')}`;
}

export function isSessionId(name: string): boolean {
  return SESSION_ID.test(name);
}

export interface SessionPaths {
  sessionId: string;
  dir: string;
  profileDir: string;
  filesDir: string;
}

export function sessionPaths(ramRoot: string, sessionId: string): SessionPaths {
  if (!isSessionId(sessionId)) throw new Error(`not a session id: ${sessionId}`);
  const dir = path.join(ramRoot, sessionId);
  return { sessionId, dir, profileDir: path.join(dir, 'profile'), filesDir: path.join(dir, 'files') };
}

/** Creates the session's directories, readable by the cabin's user only. */
export async function createSessionDirs(ramRoot: string, sessionId = newSessionId()): Promise<SessionPaths> {
  const paths = sessionPaths(ramRoot, sessionId);
  // A fresh id must be a fresh directory: never reuse whatever might be there.
  await mkdir(paths.dir, { mode: 0o700 });
  await Promise.all([paths.profileDir, paths.filesDir].map((d) => mkdir(d, { mode: 0o700 })));
  return paths;
}
