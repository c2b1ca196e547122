// Showing the cabin's screen to the referent (issue 17), the same in both adapters. The service shares a screen the
// way every web page does, with getDisplayMedia(); in the cabin that would be a window picker (a native dialog, and
// the whole desktop), so the call view refuses it (--auto-reject-capture, no display-capture grant). Instead, only
// once the resident said yes, the engine puts in the service's frame a getDisplayMedia that returns a canvas's
// stream, and draws on that canvas the pictures of the cabin's own views it is given (the screens and the
// démarche: CDP screencast frames, composed where they are on the display). No picture is ever drawn without the
// resident's yes: the pictures come from the engine, and stop with the share — the canvas is blanked and its track
// ended, which makes the service stop sharing.

/** One picture of one of the cabin's views, where it goes on the shared screen (its pixels). */
export interface ShareLayer {
  jpegBase64: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The cabin's screen as the referent may see it: pictures of its views, composed in order, at width × height. */
export interface ShareSource {
  width: number;
  height: number;
  /** Calls `onPicture` with the layers to draw (the screens first, the démarche over them) as they change. */
  subscribe(onPicture: (layers: ShareLayer[]) => void): () => void;
}

/** The page's side: a canvas, its stream as the frame's getDisplayMedia, a draw and a stop. Installed once per frame. */
export function shareInstallScript(width: number, height: number): string {
  return `(() => {
  const w = window;
  if (!w.__cabineShare) {
    const canvas = document.createElement('canvas');
    const share = { canvas, stream: null, drawing: 0 };
    w.__cabineShare = share;
    const blank = () => { const c = canvas.getContext('2d'); c.fillStyle = '#000'; c.fillRect(0, 0, canvas.width, canvas.height); };
    navigator.mediaDevices.getDisplayMedia = async () => {
      if (!share.on) throw new DOMException('Le partage d’écran n’est pas accepté.', 'NotAllowedError');
      if (share.stream) for (const t of share.stream.getTracks()) t.stop();
      blank();
      share.stream = canvas.captureStream(5);
      return share.stream;
    };
    share.draw = async (layers) => {
      const mine = ++share.drawing;
      const pictures = await Promise.all(layers.map((l) => new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve({ img, l });
        img.onerror = () => resolve(null);
        img.src = 'data:image/jpeg;base64,' + l.jpegBase64;
      })));
      if (!share.on || mine !== share.drawing) return false;
      share.last = pictures;
      paint();
      return true;
    };
    const paint = () => {
      const c = canvas.getContext('2d');
      for (const p of share.last || []) if (p) c.drawImage(p.img, p.l.x, p.l.y, p.l.width, p.l.height);
    };
    // A still screen is painted again now and then: a canvas's stream only carries a frame when the canvas changes,
    // and a stream that starts on a still démarche would otherwise carry nothing.
    setInterval(() => { if (share.on && share.last) paint(); }, 400);
    share.stop = () => {
      share.on = false;
      share.drawing++;
      share.last = null;
      blank();
      if (share.stream) for (const t of share.stream.getTracks()) t.stop();
      share.stream = null;
    };
  }
  const share = w.__cabineShare;
  share.canvas.width = ${Math.round(width)};
  share.canvas.height = ${Math.round(height)};
  share.on = true;
  return true;
})()`;
}

export const shareDrawExpression = (layers: ShareLayer[]) => `window.__cabineShare && window.__cabineShare.draw(${JSON.stringify(layers)})`;
export const SHARE_STOP_EXPRESSION = 'window.__cabineShare ? (window.__cabineShare.stop(), true) : false';

/**
 * Carries pictures to the page: one at a time, the newest one waiting (a slow page gets fewer pictures, never a
 * queue of old ones). `evaluate` runs an expression in the service's frame.
 */
export class SharePump {
  private busy = false;
  private waiting: ShareLayer[] | null = null;
  private stopped = false;

  constructor(private readonly evaluate: (expression: string) => Promise<unknown>) {}

  push(layers: ShareLayer[]): void {
    if (this.stopped) return;
    if (this.busy) {
      this.waiting = layers;
      return;
    }
    this.busy = true;
    void this.evaluate(shareDrawExpression(layers))
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        const next = this.waiting;
        this.waiting = null;
        if (next) this.push(next);
      });
  }

  stop(): void {
    this.stopped = true;
    this.waiting = null;
  }
}
