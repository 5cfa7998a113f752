import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../session/useSession';
import { canRunOperations } from '../Operations/roles';
import { OperationForm } from './OperationForm';

/** Create an operation: a mass transfer out of the caller's country, run by its officers and supervisors. */
export default function NewOperationPage() {
  const { t } = useTranslation(['operations', 'common']);
  const me = useMe().data;
  return (
    <>
      <p>
        <Link to="/operations">{t('board.back')}</Link>
      </p>
      <h1>{t('create.title')}</h1>
      {me && <p className="subtitle">{t('create.intro', { country: t(`common:country.${me.country}`) })}</p>}
      {me && (canRunOperations(me) ? <OperationForm me={me} /> : <p className="notice" data-testid="create-not-allowed">{t('create.notAllowed')}</p>)}
    </>
  );
}
