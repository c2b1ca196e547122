// The on-screen AZERTY keyboard, docked under the screen (never over the démarche page:
// the page's area shrinks to make room for it).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodePad } from '../components/CodePad';
import { send } from '../state/cabine';
import { usePublicConfig } from '../state/public-config';
import { requestStartChooser } from '../state/start-chooser';
import { useKeyboard } from './context';
import { charFor, INITIAL_KEYBOARD, press, rowsFor, type KeySpec, type KeyboardState } from './model';

/** The démarche « Ma messagerie » of the catalog (default config). */
const MAIL_DEMARCHE = 'messagerie';

// Keys never take the focus from the field being typed into.
const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function Keyboard() {
  const { t } = useTranslation();
  const keyboard = useKeyboard();
  const [state, setState] = useState<KeyboardState>(INITIAL_KEYBOARD);
  const config = usePublicConfig();
  if (!keyboard?.open) return null;
  // A code sent by SMS or e-mail: the big keypad instead of the letters (the page's code field, or « Taper un code »).
  // A code sent by e-mail is read in « Ma messagerie » (the catalog's 'messagerie', when it has its start pages).
  if (keyboard.panel === 'code') {
    const mail = config?.catalog.find((d) => d.id === MAIL_DEMARCHE && d.starts.length > 0);
    const openMail = () => {
      requestStartChooser(MAIL_DEMARCHE);
      keyboard.setOpen(false);
      send({ type: 'HOME' });
    };
    return <CodePad key={keyboard.focusedAt ?? 0} onOpenMail={mail ? openMail : undefined} />;
  }

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
      {keyboard.destination() === 'demarche' && (
        <div className="keyboard-bar">
          <button
            type="button"
            className="key key-special key-code"
            data-key="code"
            onPointerDown={keepFocus}
            onMouseDown={keepFocus}
            onClick={() => keyboard.show('code')}
          >
            {t('code.open')}
          </button>
        </div>
      )}
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
