// The toolbar of a session: one row at every text size, the same places on every screen, each button a word and an
// icon. Buttons that cannot act on the current screen are disabled, never moved nor hidden. From the start:
// « Autres démarches » (asks « Quitter ce site ? » first), « Page précédente », « Imprimer », « Scanner »,
// « Mes documents », a large « Aide », « Affichage » (text size, contrast, language, « Écouter »), the keyboard, the
// staff's lock, the time left, and « J'ai fini » last. The dialogs the bar opens are ToolbarDialog, rendered by App
// outside the inert part of the screen.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import { LANGUAGE_NAMES } from '../i18n';
import { useKeyboard } from '../keyboard/context';
import { inDemarche, type ScreenId } from '../screens/route';
import { send } from '../state/cabine';
import { MAX_SCALE, type DisplayPrefs } from '../state/prefs';
import { screenText, speak, useSpeechAvailable } from '../state/speech';
import { Dialog } from './Dialog';
import { HelpElsewhere } from './HelpElsewhere';
import { Icon } from './Icon';
import { TimeLeft } from './TimeWarning';

/** The dialogs the toolbar opens: « Quitter ce site ? », « Aide », « Affichage ». */
export type ToolbarDialogId = 'leave' | 'help' | 'display';

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
  hasPopup,
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
  /** The button opens a dialog. */
  hasPopup?: boolean;
}) {
  return (
    <button
      type="button"
      className={`tool${className ? ` ${className}` : ''}`}
      data-tool={name}
      disabled={disabled}
      aria-pressed={pressed}
      aria-current={current ? 'page' : undefined}
      aria-haspopup={hasPopup ? 'dialog' : undefined}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className={iconOnly ? 'visually-hidden' : 'tool-label'}>{label}</span>
    </button>
  );
}

export function Toolbar({
  screen,
  view,
  config,
  onDialog,
  onEnd,
  onUnlock,
}: {
  screen: ScreenId;
  view: ViewState;
  config: PublicConfig;
  onDialog(dialog: ToolbarDialogId): void;
  onEnd(): void;
  onUnlock(): void;
}) {
  const { t } = useTranslation();
  const keyboard = useKeyboard();
  const demarche = inDemarche(screen);
  const viewing = view.context.viewingDocumentId;

  // « Page précédente »: one step back in the page, or out of our screen (a scan in progress is cancelled).
  const back = () => send(screen === 'scan' || screen === 'picker' ? { type: 'CANCEL' } : { type: 'BACK' });
  const print = () =>
    send(
      screen === 'viewer' && viewing
        ? { type: 'PRINT_REQUEST', target: { kind: 'document', documentId: viewing } }
        : { type: 'PRINT_REQUEST', target: { kind: 'page' } },
    );

  return (
    <nav className="toolbar" aria-label={t('toolbar.label')}>
      <ToolButton name="home" icon="home" label={t('toolbar.home')} onClick={() => onDialog('leave')} disabled={!demarche} hasPopup />
      <ToolButton name="back" icon="back" label={t('toolbar.back')} onClick={back} disabled={!demarche || screen === 'offline'} />
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
      <ToolButton name="help" icon="help" label={t('toolbar.help')} onClick={() => onDialog('help')} className="tool-help" hasPopup />
      <ToolButton name="display" icon="textBigger" label={t('toolbar.display')} onClick={() => onDialog('display')} hasPopup />
      <ToolButton
        name="keyboard"
        icon="keyboard"
        label={t('toolbar.keyboard')}
        pressed={keyboard?.open ?? false}
        onClick={() => keyboard?.setOpen(!keyboard.open)}
      />
      {/* A small lock, not the word "Agents": residents call the staff "agents" too. */}
      <ToolButton name="staff" icon="lock" label={t('staff.open')} onClick={onUnlock} className="tool-staff" iconOnly />
      <TimeLeft view={view} />
      {/* « J'ai fini »: at the end of the bar, where a session ends. */}
      <ToolButton name="end" icon="end" label={t('toolbar.end')} onClick={onEnd} className="tool-end" />
    </nav>
  );
}

/** What a toolbar's dialog opens over. */
export interface ToolbarDialogProps {
  dialog: ToolbarDialogId;
  view: ViewState;
  config: PublicConfig;
  /** The language the screens show now. */
  locale: Locale;
  prefs: DisplayPrefs;
  onPrefs(prefs: DisplayPrefs): void;
  onClose(): void;
}

export function ToolbarDialog(props: ToolbarDialogProps) {
  switch (props.dialog) {
    case 'leave':
      return <LeaveDialog onClose={props.onClose} />;
    case 'help':
      return <HelpDialog {...props} />;
    case 'display':
      return <DisplayDialog {...props} />;
  }
}

/** « Autres démarches »: leaving the site loses what was typed there, so one question first. */
function LeaveDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog name="leave" title={t('toolbar.leave.title')} onCancel={onClose}>
      <p className="lead">{t('toolbar.leave.body')}</p>
      <div className="actions">
        <button
          type="button"
          className="button button-primary button-huge"
          onClick={() => {
            onClose();
            send({ type: 'HOME' });
          }}
        >
          {t('toolbar.leave.yes')}
        </button>
        <button type="button" className="button button-huge" onClick={onClose}>
          {t('toolbar.leave.no')}
        </button>
      </div>
    </Dialog>
  );
}

/** « Aide »: call an agent d'accueil (what the call really is, as the banner says it), and where else to find help. */
function HelpDialog({ view, config, locale, onClose }: ToolbarDialogProps) {
  const { t } = useTranslation();
  const call = view.context.referentCall;
  return (
    <Dialog name="help" title={t('help.title')} onCancel={onClose} className="dialog-help">
      <div className="actions help-call">
        <button
          type="button"
          className="button button-primary button-huge"
          data-help="call"
          disabled={call === 'calling' || call === 'acknowledged' || call === 'ringing' || call === 'inCall'}
          onClick={() => {
            // The banner says what the call is from now on, on the screen itself.
            onClose();
            send({ type: 'CALL_REFERENT' });
          }}
        >
          <Icon name="help" /> {t('toolbar.referent')}
        </button>
      </div>
      {/* "prévenu" only once the call route acknowledged it. */}
      <p role="status" className="help-call-state" data-help="call-state">
        {call === 'acknowledged'
          ? t('toolbar.referentCalled')
          : call === 'calling' || call === 'ringing'
            ? t('toolbar.referentCalling')
            : call === 'inCall'
              ? t('call.inCall')
              : ''}
      </p>
      <HelpElsewhere config={config} locale={locale} placeKey="referentUnreachable.place" placeUnknownKey="referentUnreachable.placeUnknown" />
      <div className="actions">
        <button type="button" className="button button-huge" data-dialog-close="" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** « Affichage »: text size (our screens and the démarche's site), contrast, language, « Écouter ». */
function DisplayDialog({ config, locale, prefs, onPrefs, onClose }: ToolbarDialogProps) {
  const { t } = useTranslation();
  const canSpeak = useSpeechAvailable(locale);
  const locales = config.locales.available;
  return (
    <Dialog name="display" title={t('display.title')} onCancel={onClose} className="dialog-display">
      <h3 className="display-heading">{t('display.textSize')}</h3>
      <div className="display-row">
        <button
          type="button"
          className="button button-huge"
          data-tool="text-smaller"
          disabled={prefs.scaleIndex <= 0}
          onClick={() => onPrefs({ ...prefs, scaleIndex: Math.max(0, prefs.scaleIndex - 1) })}
        >
          <Icon name="textSmaller" /> {t('toolbar.textSmaller')}
        </button>
        <button
          type="button"
          className="button button-huge"
          data-tool="text-bigger"
          disabled={prefs.scaleIndex >= MAX_SCALE}
          onClick={() => onPrefs({ ...prefs, scaleIndex: Math.min(MAX_SCALE, prefs.scaleIndex + 1) })}
        >
          <Icon name="textBigger" /> {t('toolbar.textBigger')}
        </button>
      </div>
      <div className="display-row">
        <button
          type="button"
          className="button button-huge"
          data-tool="contrast"
          aria-pressed={prefs.contrast}
          onClick={() => onPrefs({ ...prefs, contrast: !prefs.contrast })}
        >
          <Icon name="contrast" /> {t('toolbar.contrast')}
        </button>
        {canSpeak && (
          <button
            type="button"
            className="button button-huge"
            data-tool="listen"
            onClick={() => {
              onClose();
              // The screen under the dialog, once the dialog is gone.
              requestAnimationFrame(() => speak(screenText(), locale));
            }}
          >
            <Icon name="listen" /> {t('toolbar.listen')}
          </button>
        )}
      </div>
      {locales.length > 1 && (
        <>
          <h3 className="display-heading">{t('display.language')}</h3>
          <div className="display-row">
            {locales.map((l) => (
              <button
                key={l}
                type="button"
                className="button button-huge"
                data-locale={l}
                lang={l}
                dir={l === 'ar' ? 'rtl' : 'ltr'}
                aria-pressed={l === locale}
                onClick={() => onPrefs({ ...prefs, locale: l })}
              >
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
        </>
      )}
      <div className="actions">
        <button type="button" className="button button-primary button-huge" data-dialog-close="" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
