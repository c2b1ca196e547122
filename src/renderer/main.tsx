// Marks for the UI bench (performance timeline only, nothing leaves the page).
performance.mark('cabine:script');
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { preloadScreens } from './screens';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// The lazy screens' chunks, once the page has nothing else to do.
requestIdleCallback(() => void preloadScreens(), { timeout: 2000 });
