// Big digits for the referent's PIN and the technician's code.
import { useTranslation } from 'react-i18next';

const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function NumericPad({
  onDigit,
  onDelete,
  onSubmit,
  disabled,
  canSubmit,
}: {
  onDigit(d: string): void;
  onDelete(): void;
  onSubmit(): void;
  disabled?: boolean;
  canSubmit: boolean;
}) {
  const { t } = useTranslation();
  const digit = (d: string) => (
    <button
      key={d}
      type="button"
      className="pad-key"
      data-key={d}
      disabled={disabled}
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
      onClick={() => onDigit(d)}
    >
      {d}
    </button>
  );
  return (
    // Digits keep their order in right-to-left languages, like a phone's keypad.
    <div className="numeric-pad" dir="ltr">
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
      <button type="button" className="pad-key pad-delete" disabled={disabled} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={onDelete}>
        {t('keyboard.backspace')}
      </button>
      {digit('0')}
      <button type="button" className="pad-key pad-submit" disabled={disabled || !canSubmit} onClick={onSubmit}>
        {t('unlock.submit')}
      </button>
    </div>
  );
}
