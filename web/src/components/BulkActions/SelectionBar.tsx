/**
 * The selection the bulk actions share: how many cases are selected (on every page seen), a link to
 * each action this person may take on them, and a way to start over.
 */
import { useTranslation } from 'react-i18next';
import './bulk-actions.css';

export interface SelectionAction {
  /** The id of the action's section on the page. */
  target: string;
  label: string;
}

export function SelectionBar({ count, actions, onClear }: { count: number; actions: readonly SelectionAction[]; onClear: () => void }) {
  const { t } = useTranslation('cases');
  return (
    <div className="actions-row" data-testid="selection">
      <span role="status" data-testid="selected-count">
        {t('selection.count', { count })}
      </span>
      {count > 0 && (
        <nav aria-label={t('selection.actions')}>
          <ul className="inline-list">
            {actions.map((a) => (
              <li key={a.target}>
                <a href={`#${a.target}`} data-testid={`selection-to-${a.target}`}>
                  {a.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {count > 0 && (
        <button type="button" className="secondary" onClick={onClear} data-testid="selection-clear">
          {t('selection.clear')}
        </button>
      )}
    </div>
  );
}
