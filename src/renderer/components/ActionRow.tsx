// The row of buttons at the foot of a screen (FilePicker, Scan, Print, their faults): each
// button sends one event to the machine. The looks are the four the screens use; the class
// names are those of styles.css.
import type { ReactNode } from 'react';
import type { UiEvent } from '../../shared/session/events';
import { send } from '../state/cabine';
import { Icon, type IconName } from './Icon';

const LOOKS = {
  /** The one thing to do here: the largest button. */
  main: 'button button-primary button-huge',
  /** A big button that is the advice (a fault's "Appeler un référent"). */
  primary: 'button button-big button-primary',
  big: 'button button-big',
  /** Out of the way (leave a step the resident is in the middle of). */
  quiet: 'button button-quiet',
} as const;

export type ActionLook = keyof typeof LOOKS;

export function ActionRow({ children }: { children: ReactNode }) {
  return <div className="actions">{children}</div>;
}

export function ActionButton({
  event,
  look = 'big',
  icon,
  disabled,
  children,
}: {
  /** What the button tells the machine. */
  event: UiEvent;
  look?: ActionLook;
  icon?: IconName;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="button" className={LOOKS[look]} onClick={() => send(event)} disabled={disabled}>
      {icon && (
        <>
          <Icon name={icon} />{' '}
        </>
      )}
      {children}
    </button>
  );
}
