// Tells main where to put the démarche page: the rectangle of an empty element of ours, in CSS
// pixels, or null when one of our screens or dialogs must be seen instead (the page's view is
// drawn above the renderer: anything of ours under it would be hidden).
import { useLayoutEffect, useEffect, type RefObject } from 'react';
import type { DemarcheArea } from '../../shared/ipc/contract';
import { cabine } from './cabine';

let lastSent: string | undefined;

function sendArea(area: DemarcheArea): void {
  const key = JSON.stringify(area);
  if (key === lastSent) return;
  lastSent = key;
  cabine().setDemarcheArea(area);
}

export function hideDemarche(): void {
  sendArea(null);
}

function rectOf(el: HTMLElement): DemarcheArea {
  const r = el.getBoundingClientRect();
  const x = Math.max(0, Math.round(r.left));
  const y = Math.max(0, Math.round(r.top));
  return { x, y, width: Math.max(0, Math.round(r.right) - x), height: Math.max(0, Math.round(r.bottom) - y) };
}

export function useDemarcheArea(ref: RefObject<HTMLElement | null>, visible: boolean): void {
  // Every render may have moved it (a banner appeared, the keyboard opened, the text grew).
  useLayoutEffect(() => {
    if (!visible || !ref.current) sendArea(null);
    else sendArea(rectOf(ref.current));
  });
  useEffect(() => {
    const el = ref.current;
    if (!el || !visible) return;
    const update = () => sendArea(rectOf(el));
    const observer = new ResizeObserver(update);
    observer.observe(el);
    observer.observe(document.documentElement);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      sendArea(null);
    };
  }, [ref, visible]);
}
