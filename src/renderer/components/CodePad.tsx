// « Regardez votre téléphone »: the big keypad for a code a site sent by SMS or e-mail (issue 15). Docked where the
// keyboard is (the démarche page stays in sight above it); its digits, « Effacer » and « Valider » go to the page's
// focused field through the keyboard's path (cabine.keyboard: Input.insertText, the Backspace and Enter keys).
// What it shows as typed lives in this component only, inside the session's scope: it goes with the session.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeyboard } from '../keyboard/context';
import { NumericPad } from '../keyboard/NumericPad';

const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function CodePad({ onOpenMail }: { onOpenMail?: () => void }) {
  const { t } = useTranslation();
  const keyboard = useKeyboard();
  const [typed, setTyped] = useState('');
  const [help, setHelp] = useState(false);
  if (!keyboard) return null;

  const digit = (d: string) => {
    keyboard.type({ kind: 'text', text: d });
    setTyped((s) => (s + d).slice(-12));
  };
  const erase = () => {
    keyboard.type({ kind: 'key', key: 'Backspace' });
    setTyped((s) => s.slice(0, -1));
  };
  const submit = () => {
    keyboard.type({ kind: 'key', key: 'Enter' });
    setTyped('');
    keyboard.setOpen(false);
  };

  return (
    <section className="code-pad" aria-labelledby="code-pad-title" data-code-pad="">
      <div className="code-pad-text">
        <h2 id="code-pad-title">{t('code.title')}</h2>
        <p>{t('code.intro')}</p>
        <p className="code-typed" aria-live="polite">
          {typed ? (
            <>
              {t('code.typed')}{' '}
              <bdi dir="ltr" className="code-typed-digits" data-code-typed={typed}>
                {typed.split('').join(' ')}
              </bdi>
            </>
          ) : (
            t('code.nothingTyped')
          )}
        </p>
        <button
          type="button"
          className="button"
          aria-expanded={help}
          aria-controls="code-help"
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => setHelp(!help)}
        >
          {t('code.notReceived')}
        </button>
        {help && (
          <div id="code-help" className="code-help">
            <ul>
              <li>{t('code.wait')}</li>
              <li>{t('code.again')}</li>
              {onOpenMail && <li>{t('code.mail')}</li>}
            </ul>
            {onOpenMail && (
              <>
                <p>{t('code.mailLeaves')}</p>
                <button type="button" className="button" data-action="open-mail" onClick={onOpenMail}>
                  {t('code.openMail')}
                </button>
              </>
            )}
          </div>
        )}
      </div>
      <div className="code-pad-keys" role="group" aria-label={t('code.digits')}>
        <NumericPad onDigit={digit} onDelete={erase} onSubmit={submit} canSubmit={typed.length > 0} />
      </div>
      <div className="code-pad-actions">
        <button
          type="button"
          className="key key-special"
          data-key="letters"
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => keyboard.show('keys')}
        >
          {t('code.keyboard')}
        </button>
        <button
          type="button"
          className="key key-hide"
          data-key="hide"
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => keyboard.setOpen(false)}
        >
          {t('keyboard.hide')}
        </button>
      </div>
    </section>
  );
}
