// Nobody could be told (no call route, a failure, no answer in time): the cabin says so, then where to go and
// which numbers help (config `help`), and the resident closes it. Never "il arrive" here.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig } from '../../shared/ipc/contract';
import { localized } from '../i18n';
import { send } from '../state/cabine';
import { Dialog } from './Dialog';

/** A short number is read in pairs, as the French write it: 3939 → "39 39". Others stay as configured. */
export function phoneForDisplay(number: string): string {
  return /^\d{4}$/.test(number) ? `${number.slice(0, 2)} ${number.slice(2)}` : number;
}

export function ReferentUnreachable({ config, locale }: { config: PublicConfig; locale: Locale }) {
  const { t } = useTranslation();
  const help = config.help ?? { place: null, phones: [] };
  const close = () => send({ type: 'CLOSE_REFERENT_CALL' });
  return (
    <Dialog name="referent-unreachable" title={t('referentUnreachable.title')} onCancel={close} className="dialog-help">
      <p className="lead">{t('referentUnreachable.why')}</p>
      <p className="help-place" data-help="place">
        {help.place ? t('referentUnreachable.place', { place: localized(help.place, locale) }) : t('referentUnreachable.placeUnknown')}
      </p>
      {help.phones.length > 0 && (
        <>
          <p>{t('referentUnreachable.phones')}</p>
          <ul className="help-phones">
            {help.phones.map((p) => (
              <li key={p.number} data-phone={p.number}>
                <bdi dir="ltr" className="help-phone-number">
                  {phoneForDisplay(p.number)}
                </bdi>
                <span>{localized(p.label, locale)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="button button-primary button-huge" onClick={close}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
