// The component of each screen (ScreenId: see route.ts, which says which machine state is
// which screen). A screen that is added to route.ts does not compile until it is listed here.
import type { ComponentType } from 'react';
import { AttractScreen } from './Attract';
import { BlockedScreen, OfflineScreen } from './Blocked';
import { BootingScreen } from './Booting';
import { CatalogScreen } from './Catalog';
import { BrowsingScreen } from './Demarche';
import { DocumentsScreen } from './Documents';
import { EndingScreen, GoodbyeScreen, StartingScreen } from './Ending';
import { FilePickerScreen } from './FilePicker';
import { MaintenanceScreen } from './Maintenance';
import { OutOfServiceScreen } from './OutOfService';
import { PrintScreen } from './Print';
import type { ScreenId } from './route';
import { ScanScreen } from './Scan';
import type { ScreenProps } from './types';
import { ViewerScreen } from './Viewer';
import { WelcomeScreen } from './Welcome';

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
  maintenance: MaintenanceScreen,
  outOfService: OutOfServiceScreen,
} satisfies Record<ScreenId, ComponentType<ScreenProps>>;
