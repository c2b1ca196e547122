// The toolbar of a session: always visible, same places on every screen, each button a word
// and an icon. Buttons that cannot act on the current screen are disabled, never moved.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import { useKeyboard } from '../keyboard/context';
import { inDemarche, type ScreenId } from '../screens/route';
import { send } from '../state/cabine';
import type { DisplayPrefs } from '../state/prefs';
import { screenText, speak, useSpeechAvailable } from '../state/speech';
import { Icon } from './Icon';
import { TimeLeft } from './TimeWarning';

function ToolButton({
  icon,
  label,
  onClick,
  disabled,
  pressed,
  current,
  name,
  className,
  iconOnly,
}: {
  icon: string;
  label: string;
  onClick(): void;
  disabled?: boolean;
  pressed?: boolean;
  current?: boolean;
  name: string;
  className?: string;
  /** Only the icon shows; the label stays the button's name for screen readers. */
  iconOnly?: boolean;
}) {
  return (
    <button
      type="button"
      className={`tool${className ? ` ${className}` : ''}`}
      data-tool={name}
      disabled={disabled}
      aria-pressed={pressed}
      aria-current={current ? 'page' : undefined}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className={iconOnly ? 'visually-hidden' : undefined}>{label}</span>
    </button>
  );
}

export function Toolbar({
  screen,
  view,
  config,
  locale,
  prefs,
  onPrefs,
  maxScale,
  onEnd,
  onUnlock,
}: {
  screen: ScreenId;
  view: ViewState;
  config: PublicConfig;
  locale: Locale;
  prefs: DisplayPrefs;
  onPrefs(prefs: DisplayPrefs): void;
  maxScale: number;
  onEnd(): void;
  onUnlock(): void;
}) {
  const { t } = useTranslation();
  const keyboard = useKeyboard();
  const canSpeak = useSpeechAvailable(locale);
  const demarche = inDemarche(screen);
  const viewing = view.context.viewingDocumentId;

  // "Retour": one step back in the page, or out of our screen (a scan in progress is cancelled).
  const back = () => send(screen === 'scan' || screen === 'picker' ? { type: 'CANCEL' } : { type: 'BACK' });
  const print = () =>
    send(
      screen === 'viewer' && viewing
        ? { type: 'PRINT_REQUEST', target: { kind: 'document', documentId: viewing } }
        : { type: 'PRINT_REQUEST', target: { kind: 'page' } },
    );

  return (
    <nav className="toolbar" aria-label={t('toolbar.label')}>
      {demarche && (
        <div className="toolbar-group">
          <ToolButton name="home" icon="home" label={t('toolbar.home')} onClick={() => send({ type: 'HOME' })} />
          <ToolButton name="back" icon="back" label={t('toolbar.back')} onClick={back} disabled={screen === 'offline'} />
          {config.devices.printer && (
            <ToolButton
              name="print"
              icon="print"
              label={t('toolbar.print')}
              onClick={print}
              disabled={!(screen === 'browsing' || (screen === 'viewer' && viewing))}
              current={screen === 'print'}
            />
          )}
          {config.devices.scanner && (
            <ToolButton
              name="scan"
              icon="scan"
              label={t('toolbar.scan')}
              onClick={() => send({ type: 'SCAN_REQUEST' })}
              disabled={!(screen === 'browsing' || screen === 'documents' || screen === 'picker')}
              current={screen === 'scan'}
            />
          )}
          <ToolButton
            name="documents"
            icon="documents"
            label={t('toolbar.documents')}
            onClick={() => send({ type: 'DOCUMENTS_OPEN' })}
            disabled={screen !== 'browsing'}
            current={screen === 'documents' || screen === 'viewer'}
          />
        </div>
      )}
      <div className="toolbar-group">
        <ToolButton
          name="keyboard"
          icon="keyboard"
          label={t('toolbar.keyboard')}
          pressed={keyboard?.open ?? false}
          onClick={() => keyboard?.setOpen(!keyboard.open)}
        />
        <ToolButton
          name="referent"
          icon="help"
          // What the call really is: "prévenu" only once the call route acknowledged it.
          label={
            view.context.referentCall === 'acknowledged'
              ? t('toolbar.referentCalled')
              : view.context.referentCall === 'calling'
                ? t('toolbar.referentCalling')
                : t('toolbar.referent')
          }
          disabled={view.context.referentCall === 'calling'}
          onClick={() => send({ type: 'CALL_REFERENT' })}
        />
      </div>
      <TimeLeft view={view} />
      <div className="toolbar-group toolbar-display">
        <ToolButton
          name="text-smaller"
          icon="textSmaller"
          label={t('toolbar.textSmaller')}
          disabled={prefs.scaleIndex <= 0}
          onClick={() => onPrefs({ ...prefs, scaleIndex: Math.max(0, prefs.scaleIndex - 1) })}
        />
        <ToolButton
          name="text-bigger"
          icon="textBigger"
          label={t('toolbar.textBigger')}
          disabled={prefs.scaleIndex >= maxScale}
          onClick={() => onPrefs({ ...prefs, scaleIndex: Math.min(maxScale, prefs.scaleIndex + 1) })}
        />
        <ToolButton
          name="contrast"
          icon="contrast"
          label={t('toolbar.contrast')}
          pressed={prefs.contrast}
          onClick={() => onPrefs({ ...prefs, contrast: !prefs.contrast })}
        />
        {canSpeak && <ToolButton name="listen" icon="listen" label={t('toolbar.listen')} onClick={() => speak(screenText(), locale)} />}
        {/* A small lock, not the word "Agents": residents call the staff "agents" too. */}
        <ToolButton name="staff" icon="lock" label={t('staff.open')} onClick={onUnlock} className="tool-staff" iconOnly />
      </div>
      {/* « J'ai fini »: at the end of the bar, where a session ends. */}
      <div className="toolbar-group toolbar-end">
        <ToolButton name="end" icon="end" label={t('toolbar.end')} onClick={onEnd} className="tool-end" />
      </div>
    </nav>
  );
}
