// Screens loaded when first needed (issue 15): their code is a chunk of its own (a local file next to
// index.html, loaded with import(): 'self' for the CSP, file:// in Electron, the shell's origin in
// Chromium), so the attract screen does not wait for it. preload() fetches them after the first screen
// is up, so that by the time a resident or the staff need one it is there and shows at once.
import { lazy, Suspense, useState, type ComponentType } from 'react';
import type { ScreenProps } from './types';

export type LazyScreen = ComponentType<ScreenProps> & { preload(): Promise<unknown> };

export function lazyScreen(load: () => Promise<ComponentType<ScreenProps>>): LazyScreen {
  let loaded: ComponentType<ScreenProps> | null = null;
  let pending: Promise<ComponentType<ScreenProps>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // Try again next time (a chunk that failed to load is not cached as failed).
        pending = null;
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Screen(props: ScreenProps) {
    // Decided once per mount: switching from the Suspense path to the loaded component later would
    // remount the screen and lose what it holds (the number of copies, the page shown…).
    const [Loaded] = useState(() => loaded);
    if (Loaded) return <Loaded {...props} />;
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Object.assign(Screen, { preload });
}
