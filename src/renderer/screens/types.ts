// What every screen is given. Its own module so that the screens need not import App.tsx
// (which imports the screens): no import cycle.
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import type { UnlockRole } from '../../shared/session/types';

export interface ScreenProps {
  view: ViewState;
  config: PublicConfig;
  locale: Locale;
  /** Opens the PIN pad (referent or technician). */
  openUnlock(role: UnlockRole): void;
  /** Whether something of ours covers the screen (a dialog, the video call's panel at full size): the démarche page must then be hidden. */
  hideDemarche: boolean;
}
