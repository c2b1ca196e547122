// The page's entry: the stylesheet (written into index.html by the build, so the pre-rendered
// attract is drawn with it), then the app — only once the pre-rendered attract is on screen when
// index.html holds one, so that fetching and evaluating the app's code (React, the screens) does
// not hold that paint back (src/renderer/first-paint/after-first-paint.ts).
import './styles.css';
import { afterFirstPaint } from './first-paint/after-first-paint';
import { FIRST_PAINT_ID } from './first-paint/id';

const startApp = () => void import('./app-root');
if (document.getElementById(FIRST_PAINT_ID)) afterFirstPaint(startApp);
else startApp();
