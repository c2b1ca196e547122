// Reads a PIN or code from standard input: typed at a terminal without echo (twice, to catch a
// typo), or the first line of a pipe (`echo 2468 | cabine config hash-secret`). Never from the
// command line, where it would stay in the shell's history and in `ps`.
import type { CliIo } from './io';

async function readLineFromPipe(stdin: CliIo['stdin']): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

function readHidden(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  io.stderr(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new Error('saisie interrompue'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The secret, or null when the two entries at a terminal differ. */
export async function readSecret(io: CliIo, prompt: string, confirmPrompt: string): Promise<string | null> {
  if (!io.stdin.isTTY) return readLineFromPipe(io.stdin);
  const first = await readHidden(io, prompt);
  const second = await readHidden(io, confirmPrompt);
  return first === second ? first : null;
}
