// The page's entry: the stylesheet (linked in the head by the build, so the pre-rendered attract
// is drawn with it), then the app — after the first paint when index.html holds the pre-rendered
// attract, so that evaluating the app's code (React, the screens) does not hold that paint back.
// The app's chunk is already fetched meanwhile (a modulepreload link, scripts/build/first-paint.ts).
import './styles.css';
import { FIRST_PAINT_ID } from './first-paint/id';

const startApp = () => void import('./app-root');
// requestAnimationFrame runs just before the next frame is drawn; a task queued from it runs after.
if (document.getElementById(FIRST_PAINT_ID)) requestAnimationFrame(() => setTimeout(startApp, 0));
else startApp();
