// The app itself, loaded by main.tsx once the first screen is painted (issue 15).
// Marks for the UI bench (performance timeline only, nothing leaves the page).
performance.mark('cabine:script');
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { App } from './App';
import { FirstPaint } from './first-paint/FirstPaint';
import { preloadScreens } from './screens';

/** Once the first screen is up, the lazy screens' chunks, when the page has nothing else to do. */
function preloadWhenIdle(): void {
  requestIdleCallback(() => void preloadScreens(), { timeout: 2000 });
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
// index.html may hold the pre-rendered attract (scripts/build/first-paint.ts): FirstPaint keeps it
// until the app has the first state, then the app's screen replaces it in one frame.
createRoot(root).render(
  <StrictMode>
    <FirstPaint onShown={preloadWhenIdle}>
      <App />
    </FirstPaint>
  </StrictMode>,
);
