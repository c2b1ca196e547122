// The component of each screen (ScreenId: see route.ts, which says which machine state is
// which screen). A screen that is added to route.ts does not compile until it is listed here.
import type { ComponentType } from 'react';
import { AttractScreen } from './Attract';
import { BlockedScreen, OfflineScreen } from './Blocked';
import { BootingScreen } from './Booting';
import { CatalogScreen } from './Catalog';
import { BrowsingScreen } from './Demarche';
import { EndingScreen, GoodbyeScreen, StartingScreen } from './Ending';
import { lazyScreen } from './lazy';
import { OutOfServiceScreen } from './OutOfService';
import { PrinterCheckScreen } from './PrinterCheck';
import { UpdatingScreen } from './Updating';
import type { ScreenId } from './route';
import type { ScreenProps } from './types';
import { WelcomeScreen } from './Welcome';

// Not needed for the first screen: each its own chunk, loaded after the first paint (issue 15).
const DocumentsScreen = lazyScreen(() => import('./Documents').then((m) => m.DocumentsScreen));
const FilePickerScreen = lazyScreen(() => import('./FilePicker').then((m) => m.FilePickerScreen));
const MaintenanceScreen = lazyScreen(() => import('./Maintenance').then((m) => m.MaintenanceScreen));
const PrintScreen = lazyScreen(() => import('./Print').then((m) => m.PrintScreen));
const ScanScreen = lazyScreen(() => import('./Scan').then((m) => m.ScanScreen));
const ViewerScreen = lazyScreen(() => import('./Viewer').then((m) => m.ViewerScreen));
const LAZY_SCREENS = [DocumentsScreen, FilePickerScreen, MaintenanceScreen, PrintScreen, ScanScreen, ViewerScreen];

/** Loads the lazy screens' chunks (after the first screen is up); a failed one is tried again when shown. */
export function preloadScreens(): Promise<unknown> {
  return Promise.allSettled(LAZY_SCREENS.map((s) => s.preload()));
}

export const SCREENS = {
  booting: BootingScreen,
  attract: AttractScreen,
  welcome: WelcomeScreen,
  starting: StartingScreen,
  catalog: CatalogScreen,
  browsing: BrowsingScreen,
  blocked: BlockedScreen,
  offline: OfflineScreen,
  picker: FilePickerScreen,
  documents: DocumentsScreen,
  viewer: ViewerScreen,
  print: PrintScreen,
  scan: ScanScreen,
  ending: EndingScreen,
  goodbye: GoodbyeScreen,
  printerCheck: PrinterCheckScreen,
  maintenance: MaintenanceScreen,
  outOfService: OutOfServiceScreen,
  updating: UpdatingScreen,
} satisfies Record<ScreenId, ComponentType<ScreenProps>>;
