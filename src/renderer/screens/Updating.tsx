// The system installs updates between two residents (issue 16): a calm word, nothing to touch but the
// technician's unlock, which stays where the unlock pad always is.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { Screen } from '../components/Screen';
import type { ScreenProps } from './types';

export function UpdatingScreen({ config }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen id="updating" title={t('updating.title')} className="screen-message">
      <Icon name="clock" size={96} />
      <p className="lead" role="status">
        {t('updating.body')}
      </p>
      {config.place && <p>{t('updating.where', { place: config.place })}</p>}
    </Screen>
  );
}
