// The on-screen AZERTY keyboard, docked under the screen (never over the démarche page:
// the page's area shrinks to make room for it).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeyboard } from './context';
import { charFor, INITIAL_KEYBOARD, press, rowsFor, type KeySpec, type KeyboardState } from './model';

// Keys never take the focus from the field being typed into.
const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function Keyboard() {
  const { t } = useTranslation();
  const keyboard = useKeyboard();
  const [state, setState] = useState<KeyboardState>(INITIAL_KEYBOARD);
  if (!keyboard?.open) return null;

  const onKey = (key: KeySpec) => {
    const r = press(state, key);
    setState(r.state);
    if (key.kind === 'hide') keyboard.setOpen(false);
    if (r.input) keyboard.type(r.input);
  };

  const label = (key: KeySpec): string => {
    switch (key.kind) {
      case 'char':
        return charFor(state, key.char);
      default:
        return t(key.label);
    }
  };

  return (
    <section className="keyboard" aria-label={t('keyboard.title')} data-mode={state.mode} data-shift={state.shift}>
      {rowsFor(state).map((row, r) => (
        <div className="keyboard-row" key={`${state.mode}-${r}`}>
          {row.map((key, k) => (
            <button
              key={`${r}-${k}`}
              type="button"
              className={`key key-${key.kind}${key.kind !== 'char' && key.width ? ` key-w${key.width}` : ''}`}
              data-key={key.kind === 'char' ? key.char : key.kind === 'special' ? key.key : key.kind}
              aria-pressed={key.kind === 'shift' ? state.shift !== 'off' : undefined}
              onPointerDown={keepFocus}
              onMouseDown={keepFocus}
              onClick={() => onKey(key)}
            >
              {label(key)}
            </button>
          ))}
        </div>
      ))}
    </section>
  );
}
