// When to start the app under the pre-rendered attract (issue 15). Measured on the project's VM: the
// app's chunks fetched and compiled while the first frame was being rasterised (a modulepreload
// link, or an import() from a task after requestAnimationFrame, which still runs before the frame
// is on screen) took the two cores from the raster and put the first paint 25–35 ms later. A
// 'paint' performance entry is only queued once the frame has been presented: start from there.
// Only 'first-contentful-paint' says the attract is on screen: 'first-paint' may come first, for a
// frame with the background alone (CI saw the app asked for at 106 ms, the attract shown at 140 ms).

/** If no paint is ever reported (a page that is never shown), the app starts anyway after this. */
export const FIRST_PAINT_FALLBACK_MS = 500;

/** The paint entry that means the pre-rendered attract's text is on screen. */
export const ATTRACT_ON_SCREEN_ENTRY = 'first-contentful-paint';

/** Runs `start` once, in a task after the page's first contentful paint has been presented (or after the fallback). */
export function afterFirstPaint(start: () => void, fallbackMs = FIRST_PAINT_FALLBACK_MS): void {
  let started = false;
  let observer: PerformanceObserver | undefined;
  const once = () => {
    if (started) return;
    started = true;
    observer?.disconnect();
    clearTimeout(fallback);
    start();
  };
  const fallback = setTimeout(once, fallbackMs);
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName(ATTRACT_ON_SCREEN_ENTRY).length > 0) setTimeout(once, 0);
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    // No paint timing here: the fallback starts the app.
  }
}
