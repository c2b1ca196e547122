// Which screen a machine state means. Pure, so a unit test can walk every state of the
// real machine and check that each one has a screen.
import type { MachineView } from '../../shared/session/view';

export const SCREEN_IDS = [
  'booting',
  'attract',
  'welcome',
  'starting',
  'catalog',
  'browsing',
  'blocked',
  'offline',
  'picker',
  'documents',
  'viewer',
  'print',
  'scan',
  'ending',
  'goodbye',
  'printerCheck',
  'maintenance',
  'outOfService',
  'updating',
] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

const DEMARCHE_SCREENS: Record<string, ScreenId> = {
  browsing: 'browsing',
  // The files are being handed to the page: the page is what the resident should see.
  settingFiles: 'browsing',
  blocked: 'blocked',
  // The agent's panel opens the blocked site (issue 15): the blocked screen until the page loads.
  openingSite: 'blocked',
  offline: 'offline',
  pickingFile: 'picker',
  documents: 'documents',
  viewingDocument: 'viewer',
  printing: 'print',
  scanning: 'scan',
};

export function screenFor(path: readonly string[]): ScreenId {
  const [top, sub, leaf] = path;
  switch (top) {
    case 'booting':
      return 'booting';
    case 'attract':
      return 'attract';
    case 'welcome':
      return 'welcome';
    case 'session':
      if (sub === 'starting') return 'starting';
      if (sub === 'catalog') return 'catalog';
      if (sub === 'demarche') return DEMARCHE_SCREENS[leaf ?? 'browsing'] ?? 'browsing';
      return 'starting';
    case 'ending':
    case 'wiping':
      return 'ending';
    case 'goodbye':
      return 'goodbye';
    case 'printerCheck':
      return 'printerCheck';
    case 'maintenance':
      return 'maintenance';
    case 'outOfService':
      return 'outOfService';
    case 'updating':
      return 'updating';
    default:
      return 'booting';
  }
}

/** Screens of a resident's session, where the toolbar shows. */
export function inSession(view: Pick<MachineView, 'path'>): boolean {
  return view.path[0] === 'session';
}

/** Screens where the démarche page itself is what the resident sees. */
export function showsDemarche(screen: ScreenId): boolean {
  return screen === 'browsing';
}

/** Screens inside an open démarche (Accueil, Retour and the other démarche buttons apply). */
export function inDemarche(screen: ScreenId): boolean {
  return ['browsing', 'blocked', 'offline', 'picker', 'documents', 'viewer', 'print', 'scan'].includes(screen);
}
