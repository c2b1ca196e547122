// One screen = one <main> with one <h1>. Focus goes to the heading whenever the screen
// (or the step inside it) changes, so a screen reader reads the new screen first and the
// next Tab starts from the top of it.
import { useEffect, useRef, type ReactNode } from 'react';

export const SCREEN_TITLE_ID = 'screen-title';

export function Screen({
  id,
  step,
  title,
  className,
  children,
  speak,
  timing,
}: {
  /** The screen's name (data-screen, for the tests and the styles). */
  id: string;
  /** A step inside the screen (print: confirming → sending…); focus moves when it changes. */
  step?: string;
  title: ReactNode;
  className?: string;
  children?: ReactNode;
  /** Hide the heading visually (still read aloud and focused), for screens that show it otherwise. */
  speak?: boolean;
  /** Element Timing identifier of the heading (the UI bench measures when it is painted). */
  timing?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // A dialog that is open keeps the focus; the screen takes it back when the dialog closes.
    if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
    heading.current?.focus({ preventScroll: false });
  }, [id, step]);
  return (
    <main className={`screen screen-${id}${className ? ` ${className}` : ''}`} data-screen={id} data-step={step} aria-labelledby={SCREEN_TITLE_ID}>
      <h1
        id={SCREEN_TITLE_ID}
        ref={heading}
        tabIndex={-1}
        className={speak === false ? 'visually-hidden' : undefined}
        {...(timing ? { elementtiming: timing } : {})}
      >
        {title}
      </h1>
      {children}
    </main>
  );
}

/** Puts the focus back on the screen's heading (after a dialog closes). */
export function focusScreenHeading(): void {
  document.getElementById(SCREEN_TITLE_ID)?.focus();
}
