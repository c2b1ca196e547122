// A text field of ours that the on-screen keyboard types into. The system's own virtual
// keyboard is kept away (inputMode="none"); a physical keyboard still works.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { KeyboardInput } from '../../shared/ipc/contract';
import { useKeyboard } from './context';
import { applyInput } from './model';

export function TextField({
  label,
  value,
  onChange,
  onEnter,
  type = 'search',
  maxLength = 100,
  icon,
  name,
}: {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  onEnter?: () => void;
  type?: 'search' | 'text';
  maxLength?: number;
  icon?: ReactNode;
  name: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const keyboard = useKeyboard();
  const caret = useRef<number | null>(null);
  const latest = useRef({ value, onChange, onEnter });
  latest.current = { value, onChange, onEnter };
  const release = useRef<(() => void) | null>(null);

  // Put the caret where the last on-screen key left it, once React has written the value.
  useLayoutEffect(() => {
    if (caret.current !== null && input.current) {
      input.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  });
  useEffect(() => () => release.current?.(), []);

  const apply = (k: KeyboardInput) => {
    const el = input.current;
    const { value: v, onChange: change, onEnter: enter } = latest.current;
    if (k.kind === 'key' && k.key === 'Enter') {
      enter?.();
      return;
    }
    const next = applyInput({ value: v, start: el?.selectionStart ?? v.length, end: el?.selectionEnd ?? v.length }, k, maxLength);
    caret.current = next.start;
    if (next.value !== v) change(next.value);
    else if (el) el.setSelectionRange(next.start, next.end);
  };

  return (
    <div className="text-field">
      <label htmlFor={id}>{label}</label>
      <div className="text-field-box">
        {icon}
        <input
          id={id}
          ref={input}
          name={name}
          type={type}
          inputMode="none"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={maxLength}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onEnter?.();
          }}
          onFocus={() => {
            if (!keyboard) return;
            release.current?.();
            release.current = keyboard.focusTarget({ apply });
            keyboard.setOpen(true);
          }}
        />
      </div>
    </div>
  );
}
