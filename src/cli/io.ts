// What a command may touch of the outside world, so that tests run the real commands with
// their own streams, environment and working directory.
import type { Readable } from 'node:stream';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    // `npm run cabine -- config validate ./x.yaml` runs in the package root; npm says where the user was.
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}

/** A usage mistake: the message is shown with the command's help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 0 fine, 1 the thing checked is wrong (invalid config, doctor errors), 2 bad usage. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
