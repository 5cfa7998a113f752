import { useTranslation } from 'react-i18next';

/**
 * Server paging by opaque tokens: forward with the server's nextPageToken, back through the tokens
 * already seen. Never an infinite scroll: a person always knows which page they are on.
 */
export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext }: { page: number; hasPrevious: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" className="secondary" onClick={onPrevious} disabled={!hasPrevious} data-testid="page-previous">
        {t('pager.previous')}
      </button>
      <span aria-live="polite" data-testid="page-number">{t('pager.page', { page })}</span>
      <button type="button" className="secondary" onClick={onNext} disabled={!hasNext} data-testid="page-next">
        {t('pager.next')}
      </button>
    </nav>
  );
}
