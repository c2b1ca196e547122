// A modal dialog: the rest of the app is inert while it is open (App sets `inert`), the focus
// goes to its heading, and Escape does what its "cancel" does.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { focusScreenHeading } from './Screen';

export function Dialog({
  title,
  children,
  onCancel,
  alert,
  className,
  name,
}: {
  title: ReactNode;
  children: ReactNode;
  onCancel?: () => void;
  /** An alertdialog: something the person must answer (inactivity). */
  alert?: boolean;
  className?: string;
  /** data-dialog, for the tests. */
  name: string;
}) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    return () => {
      // Wait for the dialog to be gone, then give the focus back to the screen.
      requestAnimationFrame(() => {
        if (!document.querySelector('[role="dialog"], [role="alertdialog"]')) focusScreenHeading();
      });
    };
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        role={alert ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        className={`dialog${className ? ` ${className}` : ''}`}
        data-dialog={name}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onCancel) {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
