// Where else a resident finds help (config `help`): the place to go, and the numbers that answer démarche
// questions. Said when no referent could be told, and when the cabin is out of service.
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig } from '../../shared/ipc/contract';
import { localized } from '../i18n';

/** A short number is read in pairs, as the French write it: 3939 → "39 39". Others stay as configured. */
export function phoneForDisplay(number: string): string {
  return /^\d{4}$/.test(number) ? `${number.slice(0, 2)} ${number.slice(2)}` : number;
}

export function HelpElsewhere({
  config,
  locale,
  placeKey,
  placeUnknownKey,
}: {
  config: PublicConfig;
  locale: Locale;
  placeKey: string;
  placeUnknownKey: string;
}) {
  const { t } = useTranslation();
  const help = config.help ?? { place: null, phones: [] };
  return (
    <>
      <p className="help-place" data-help="place">
        {help.place ? t(placeKey, { place: localized(help.place, locale) }) : t(placeUnknownKey)}
      </p>
      {help.hours && (
        <p className="help-hours" data-help="hours">
          {t('help.hours', { hours: localized(help.hours, locale) })}
        </p>
      )}
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
    </>
  );
}
