// Tells main where to put the views it draws above our page: the démarche's page, and the video call with an agent
// (issue 17). Each goes on the rectangle of an empty element of ours, in CSS pixels, or is hidden (null) when one of
// our screens or dialogs must be seen instead (a view is drawn above the renderer: anything of ours under it would be
// hidden). The screens never give both views the same pixels: the call panel and the démarche's area are apart.
import { useLayoutEffect, useEffect, type RefObject } from 'react';
import type { CallArea, DemarcheArea } from '../../shared/ipc/contract';
import { cabine } from './cabine';

type Area = DemarcheArea;

/** One view's rectangle, sent only when it changed. */
function reporter(send: (area: Area) => void) {
  let lastSent: string | undefined;
  return (area: Area) => {
    const key = JSON.stringify(area);
    if (key === lastSent) return;
    lastSent = key;
    send(area);
  };
}

const sendDemarcheArea = reporter((area) => cabine().setDemarcheArea(area));
const sendCallArea = reporter((area: CallArea) => cabine().setCallArea(area));

export function hideDemarche(): void {
  sendDemarcheArea(null);
}

export function hideCall(): void {
  sendCallArea(null);
}

function rectOf(el: HTMLElement): Area {
  const r = el.getBoundingClientRect();
  const x = Math.max(0, Math.round(r.left));
  const y = Math.max(0, Math.round(r.top));
  return { x, y, width: Math.max(0, Math.round(r.right) - x), height: Math.max(0, Math.round(r.bottom) - y) };
}

function useArea(send: (area: Area) => void, ref: RefObject<HTMLElement | null>, visible: boolean): void {
  // Every render may have moved it (a banner appeared, the keyboard opened, the text grew, the call panel changed size).
  useLayoutEffect(() => {
    if (!visible || !ref.current) send(null);
    else send(rectOf(ref.current));
  });
  useEffect(() => {
    const el = ref.current;
    if (!el || !visible) return;
    const update = () => send(rectOf(el));
    const observer = new ResizeObserver(update);
    observer.observe(el);
    observer.observe(document.documentElement);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      send(null);
    };
  }, [ref, visible, send]);
}

/** The démarche's page goes on this element while `visible`. */
export function useDemarcheArea(ref: RefObject<HTMLElement | null>, visible: boolean): void {
  useArea(sendDemarcheArea, ref, visible);
}

/** The video call's view (the agent, on camera) goes on this element while `visible`. */
export function useCallArea(ref: RefObject<HTMLElement | null>, visible: boolean): void {
  useArea(sendCallArea, ref, visible);
}
