// Who may talk to main: only our own page, in the top frame of the kiosk window. Pure, so
// that it is tested without Electron (tests/unit/main/ipc-guard.test.ts).
import { type z } from 'zod';
import { callAreaSchema, demarcheAreaSchema, keyboardInputSchema, querySchema, uiEventSchema } from '../shared/ipc/contract';
import { demarcheZoomSchema } from '../shared/policy/zoom';

export interface SenderFacts {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null;
  /** Whether that frame is the top frame of its page. */
  isMainFrame: boolean;
}

export interface TrustedRenderer {
  webContentsId: number;
  /** Our page's URL: file:///…/out/renderer/index.html in the cabin, the dev server in `npm run dev`. */
  appUrl: string;
}

/** Same webContents, top frame, and the frame still shows our page (not a navigation elsewhere). */
export function isTrustedSender(sender: SenderFacts, trusted: TrustedRenderer): boolean {
  if (sender.webContentsId !== trusted.webContentsId || !sender.isMainFrame || !sender.frameUrl) return false;
  try {
    const got = new URL(sender.frameUrl);
    const want = new URL(trusted.appUrl);
    if (want.protocol === 'file:') return got.protocol === 'file:' && got.pathname === want.pathname;
    return got.origin === want.origin;
  } catch (_error) {
    return false;
  }
}

export const INCOMING = {
  event: uiEventSchema,
  query: querySchema,
  keyboard: keyboardInputSchema,
  demarcheArea: demarcheAreaSchema,
  demarcheZoom: demarcheZoomSchema,
  callArea: callAreaSchema,
} as const;

/** Parses a message from the renderer; null (and nothing else happens) when it is not valid. */
export function parseIncoming<K extends keyof typeof INCOMING>(kind: K, raw: unknown): z.infer<(typeof INCOMING)[K]> | null {
  const r = INCOMING[kind].safeParse(raw);
  return r.success ? (r.data as z.infer<(typeof INCOMING)[K]>) : null;
}
