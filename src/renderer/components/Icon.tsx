// Line icons drawn here (no icon font, no network), 24×24, stroked in the current colour.
// Always decorative: the button or card beside them carries the words.
import type { ReactElement } from 'react';

const PATHS: Record<string, ReactElement> = {
  home: <path d="M3 11 12 3l9 8M5 10v10h5v-6h4v6h5V10" />,
  back: <path d="M10 5 3 12l7 7M3 12h18" />,
  print: (
    <>
      <path d="M6 9V3h12v6M6 18H4a1 1 0 0 1-1-1v-6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v6a1 1 0 0 1-1 1h-2" />
      <path d="M6 14h12v7H6z" />
    </>
  ),
  scan: (
    <>
      <path d="M3 7V4a1 1 0 0 1 1-1h3M17 3h3a1 1 0 0 1 1 1v3M21 17v3a1 1 0 0 1-1 1h-3M7 21H4a1 1 0 0 1-1-1v-3" />
      <path d="M3 12h18" />
    </>
  ),
  documents: (
    <>
      <path d="M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z" />
      <path d="M14 3v5h5M8 13h8M8 17h6" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2" y="6" width="20" height="12" rx="2" />
      <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M8 14h8" />
    </>
  ),
  help: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7M12 17h.01" />
    </>
  ),
  end: <path d="M15 3h4a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1h-4M10 17l5-5-5-5M15 12H3" />,
  textBigger: <path d="M3 19 8 5l5 14M4.5 15h7M18 8v8M14 12h8" />,
  textSmaller: <path d="M3 19 8 5l5 14M4.5 15h7M14 12h8" />,
  contrast: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 3v18a9 9 0 0 0 0-18z" fill="currentColor" />
    </>
  ),
  listen: <path d="M4 9v6h4l5 4V5L8 9zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />,
  check: <path d="m4 12 5 5L20 6" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  warning: <path d="M12 3 2 20h20zM12 10v4M12 17h.01" />,
  lock: (
    <>
      <rect x="4" y="10" width="16" height="11" rx="2" />
      <path d="M8 10V7a4 4 0 0 1 8 0v3" />
    </>
  ),
  plus: <path d="M12 5v14M5 12h14" />,
  minus: <path d="M5 12h14" />,
  retake: <path d="M4 12a8 8 0 1 0 2.3-5.6M4 4v5h5" />,
  search: (
    <>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-4-4" />
    </>
  ),
  wifiOff: <path d="M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 12.5a10 10 0 0 1 4-2.3M19 12.5a10 10 0 0 0-2.5-1.7M12 20h.01" />,
  blocked: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="m5.6 5.6 12.8 12.8" />
    </>
  ),
  trash: <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />,
  // The video call (issue 17).
  video: (
    <>
      <rect x="2" y="6" width="14" height="12" rx="2" />
      <path d="m16 10 6-3v10l-6-3z" />
    </>
  ),
  hangUp: <path d="M2.5 15c5.2-5 13.8-5 19 0l-2.6 3.2-3.9-1.7v-2.8a11.5 11.5 0 0 0-6 0v2.8l-3.9 1.7z" />,
  screen: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="1" />
      <path d="M8 20h8M12 16v4" />
    </>
  ),
  shrink: <path d="M4 14h6v6M20 10h-6V4M14 10l7-7M3 21l7-7" />,
  enlarge: <path d="M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7" />,
  // Démarche icons (config: DEMARCHE_ICONS).
  impots: (
    <>
      <path d="M4 21V10l8-6 8 6v11z" />
      <path d="M9 21v-6h6v6M12 8h.01" />
    </>
  ),
  caf: (
    <>
      <circle cx="8" cy="7" r="3" />
      <circle cx="17" cy="9" r="2.5" />
      <path d="M2 20c0-3.5 2.7-6 6-6s6 2.5 6 6M13 20c0-2.8 1.8-5 4-5s4 2.2 4 5" />
    </>
  ),
  titres: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <circle cx="9" cy="11" r="2.5" />
      <path d="M5.5 17c.5-2 2-3 3.5-3s3 1 3.5 3M15 10h3M15 14h3" />
    </>
  ),
  sante: <path d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z" />,
  emploi: (
    <>
      <rect x="3" y="7" width="18" height="13" rx="2" />
      <path d="M9 7V4h6v3M3 13h18" />
    </>
  ),
  'service-public': <path d="M3 21h18M5 21V10M9 21V10M15 21V10M19 21V10M2 10h20L12 3z" />,
  retraite: (
    <>
      <circle cx="12" cy="6" r="3" />
      <path d="M12 9v6l-3 6M12 15l3 6M8 12h8M18 12v9" />
    </>
  ),
  energie: <path d="M13 2 4 14h7l-1 8 9-12h-7z" />,
  messagerie: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3 7 9 6 9-6" />
    </>
  ),
  transport: (
    <>
      <rect x="4" y="3" width="16" height="14" rx="3" />
      <path d="M4 11h16M8 21l1-4M16 21l-1-4M8 14h.01M16 14h.01" />
    </>
  ),
  generic: (
    <>
      <rect x="4" y="3" width="16" height="18" rx="2" />
      <path d="M8 8h8M8 12h8M8 16h5" />
    </>
  ),
};

export type IconName = keyof typeof PATHS;

/** Icons that point along the reading direction: mirrored in Arabic, so "back" points to where the text came from. */
const DIRECTIONAL = new Set(['back', 'end']);

export function Icon({ name, size = 32 }: { name: string; size?: number }) {
  return (
    <svg
      className={DIRECTIONAL.has(name) ? 'icon icon-directional' : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name] ?? PATHS.generic}
    </svg>
  );
}
