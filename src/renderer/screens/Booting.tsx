import { useTranslation } from 'react-i18next';
import { Screen } from '../components/Screen';

export function BootingScreen() {
  const { t } = useTranslation();
  return (
    <Screen id="booting" title={t('booting.title')}>
      <p className="lead" role="status">
        {t('booting.body')}
      </p>
    </Screen>
  );
}
