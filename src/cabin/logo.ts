// The commune's logo for the screens, as a data: URL (the screens load nothing from the disk), for both shells.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function logoDataUrl(logo: string | undefined, log: (message: string) => void): Promise<string | null> {
  if (!logo) return null;
  if (logo.startsWith('data:')) return logo;
  const ext = path.extname(logo).toLowerCase();
  const mime = ext === '.svg' ? 'image/svg+xml' : ext === '.jpg' || ext === '.jpeg' ? 'image/jpeg' : 'image/png';
  return readFile(logo).then(
    (bytes) => `data:${mime};base64,${bytes.toString('base64')}`,
    () => (log(`logo ${logo} unreadable`), null),
  );
}
