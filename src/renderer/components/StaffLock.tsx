// Staff access: a small lock, not a word. Residents call the staff "agents" too, and a button saying so
// invites them to press it; the lock's accessible name says who it is for.
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

export function StaffLock({ onOpen, className = '' }: { onOpen: () => void; className?: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`button button-quiet staff-lock ${className}`.trim()}
      aria-label={t('staff.open')}
      title={t('staff.open')}
      onClick={onOpen}
    >
      <Icon name="lock" size={28} />
    </button>
  );
}
