import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n';
import { catalogueMeta, isLanguageCode, LANGUAGES } from '../i18n/languages';

/** "ไทย (ฉบับร่าง)": a draft catalogue says so in its own language, on the option itself. */
export function optionLabel(code: string, name: string): string {
  const meta = catalogueMeta(code);
  return meta.status === 'draft' ? `${name} (${meta.draftLabel})` : name;
}

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const noteId = useId();
  const current = i18n.resolvedLanguage ?? 'en';
  const meta = catalogueMeta(current);
  return (
    <span className="language-select">
      <label htmlFor={id}>{t('language')}</label>
      <select
        id={id}
        data-testid="lang-select"
        value={current}
        aria-describedby={meta.status === 'draft' ? noteId : undefined}
        onChange={(e) => {
          if (isLanguageCode(e.target.value)) chooseLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {optionLabel(l.code, l.name)}
          </option>
        ))}
      </select>
      {meta.status === 'draft' && (
        <small id={noteId} lang={current} className="draft-note" data-testid="draft-note">
          {meta.draftNote}
        </small>
      )}
    </span>
  );
}
