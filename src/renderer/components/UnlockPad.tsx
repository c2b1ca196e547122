// The PIN pad of the referent (and the technician's code). The code goes to main in one
// UNLOCK_SUBMIT and is forgotten here at once; the machine decides, counts failures, locks out.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import type { UnlockRole } from '../../shared/session/types';
import { NumericPad } from '../keyboard/NumericPad';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';
import { useSecondsLeft } from './useCountdown';

const MAX_DIGITS = 12;

function formatWait(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function UnlockPad({
  role,
  view,
  config,
  onRole,
  onClose,
  referentOnly = false,
}: {
  role: UnlockRole;
  view: ViewState;
  config: PublicConfig;
  onRole(role: UnlockRole): void;
  onClose(): void;
  /** The agent's panel asks for the agent's code again: no technician's choice there. */
  referentOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [rejected, setRejected] = useState(false);
  const pending = useRef<{ failures: number; last: string | null; sawVerifying: boolean } | null>(null);
  const technicianOnly = view.path[0] === 'outOfService';
  const effectiveRole: UnlockRole = technicianOnly ? 'technician' : role;
  const locked = view.unlock === 'lockedOut';
  const verifying = view.unlock === 'verifying';
  const wait = useSecondsLeft(locked ? view.context.unlock.lockedUntil : null);

  // Read the machine's answer to our submission.
  const { failures, last } = view.context.unlock;
  useEffect(() => {
    const p = pending.current;
    if (!p) return;
    if (view.unlock === 'verifying') {
      p.sawVerifying = true;
      return;
    }
    if (!p.sawVerifying && failures === p.failures && last === p.last) return;
    pending.current = null;
    if (view.unlock === 'idle' && last === 'accepted') onClose();
    else setRejected(last === 'rejected');
  }, [view.unlock, failures, last, onClose]);

  const submit = () => {
    if (!code || locked || verifying) return;
    pending.current = { failures, last, sawVerifying: false };
    send({ type: 'UNLOCK_SUBMIT', role: effectiveRole, secret: code });
    setCode('');
    setRejected(false);
  };
  const addDigit = (d: string) => {
    setRejected(false);
    setCode((c) => (c.length < MAX_DIGITS ? c + d : c));
  };

  return (
    <Dialog
      name="unlock"
      title={effectiveRole === 'technician' ? t('unlock.titleTechnician') : t('unlock.titleReferent')}
      onCancel={onClose}
      className="dialog-unlock"
    >
      <div
        className="unlock-body"
        onKeyDown={(e) => {
          if (/^[0-9]$/.test(e.key)) addDigit(e.key);
          else if (e.key === 'Backspace') setCode((c) => c.slice(0, -1));
          else if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'BUTTON') submit();
        }}
      >
        {/* Two columns, the words beside the pad: at the largest text size « Valider » stays on a 800 px high screen (issue 15). */}
        <div className="unlock-side">
          {!technicianOnly && !referentOnly && (
            <div className="segmented" role="group" aria-label={t('unlock.roleLabel')}>
              <button type="button" className="button" aria-pressed={effectiveRole === 'referent'} onClick={() => onRole('referent')}>
                {t('unlock.referent')}
              </button>
              <button type="button" className="button" aria-pressed={effectiveRole === 'technician'} onClick={() => onRole('technician')}>
                {t('unlock.technician')}
              </button>
            </div>
          )}
          {locked ? (
            <p className="notice notice-error" role="alert" data-unlock="locked">
              {t('unlock.locked', { time: formatWait(wait) })}
            </p>
          ) : (
            <>
              <p className="lead">{effectiveRole === 'technician' ? t('unlock.promptTechnician') : t('unlock.promptReferent')}</p>
              {effectiveRole === 'referent' && config.devices.badge && <p>{t('unlock.badge')}</p>}
              <p className="pin-dots" aria-live="polite" data-digits={code.length}>
                <span aria-hidden="true">{code.length ? '●'.repeat(code.length) : ' '}</span>
                <span className="visually-hidden">{t('unlock.digits', { n: code.length })}</span>
              </p>
              {rejected && (
                <p className="notice notice-error" role="alert" data-unlock="rejected">
                  {t('unlock.rejected')}
                </p>
              )}
              {verifying && (
                <p className="notice" role="status">
                  {t('unlock.verifying')}
                </p>
              )}
            </>
          )}
          <div className="actions">
            <button type="button" className="button button-big" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </div>
        <NumericPad
          onDigit={addDigit}
          onDelete={() => setCode((c) => c.slice(0, -1))}
          onSubmit={submit}
          disabled={locked || verifying}
          canSubmit={code.length > 0}
        />
      </div>
    </Dialog>
  );
}
