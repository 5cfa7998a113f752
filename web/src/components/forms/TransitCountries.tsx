import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTRIES, type Country } from '../../../../domain/people';

/**
 * The transit countries in the order the person crosses them: add, remove, move up or down. After a
 * move the focus follows the moved country, so a keyboard user can keep moving it.
 */
export function TransitCountries({
  values,
  custodial,
  receiving,
  itemErrors = [],
  listError,
  onChange,
}: {
  values: string[];
  custodial: Country;
  receiving: string | undefined;
  itemErrors?: (string | undefined)[];
  listError?: string;
  onChange: (next: string[]) => void;
}) {
  const { t } = useTranslation(['register', 'common']);
  const id = useId();
  const selectId = (i: number) => `${id}-${i}`;
  const focusLater = (target: string) => requestAnimationFrame(() => document.getElementById(target)?.focus());
  const move = (from: number, to: number, button: 'up' | 'down') => {
    const next = [...values];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    onChange(next);
    const stillThere = (button === 'up' && to > 0) || (button === 'down' && to < values.length - 1);
    focusLater(stillThere ? `${selectId(to)}-${button}` : selectId(to));
  };
  const choices = COUNTRIES.filter((c) => c !== custodial && c !== receiving);
  return (
    <fieldset className="fieldset" data-testid="transit-countries">
      <legend>{t('field.transitCountries')}</legend>
      <p className="hint">{t('hint.transitCountries')}</p>
      {values.length === 0 && <p className="hint">{t('transit.none')}</p>}
      <ol className="list-items">
        {values.map((value, i) => {
          const error = itemErrors[i];
          const name = value ? t(`common:country.${value}`) : String(i + 1);
          return (
            <li key={i} className={error ? 'field has-error' : 'field'}>
              <label htmlFor={selectId(i)}>{t('transit.item', { n: i + 1 })}</label>
              <div className="actions-row">
                <select
                  id={selectId(i)}
                  value={value}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${selectId(i)}-error` : undefined}
                  onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
                  data-testid={`transit-${i}`}
                >
                  <option value="">{t('choose')}</option>
                  {/* A country chosen before the receiving country changed stays visible, so its problem can be seen. */}
                  {(choices.includes(value as Country) || value === '' ? choices : [value as Country, ...choices]).map((c) => (
                    <option key={c} value={c}>
                      {t(`common:country.${c}`)} ({c})
                    </option>
                  ))}
                </select>
                <button type="button" id={`${selectId(i)}-up`} className="secondary" disabled={i === 0} onClick={() => move(i, i - 1, 'up')}>
                  {t('transit.up', { country: name })}
                </button>
                <button
                  type="button"
                  id={`${selectId(i)}-down`}
                  className="secondary"
                  disabled={i === values.length - 1}
                  onClick={() => move(i, i + 1, 'down')}
                >
                  {t('transit.down', { country: name })}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    onChange(values.filter((_, j) => j !== i));
                    focusLater(values.length > 1 ? selectId(Math.min(i, values.length - 2)) : `${id}-add`);
                  }}
                >
                  {t('transit.remove', { country: name })}
                </button>
              </div>
              {error && (
                <p id={`${selectId(i)}-error`} className="field-error" data-testid="field-error">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {listError && <p className="field-error" data-testid="field-error">{listError}</p>}
      <button
        type="button"
        id={`${id}-add`}
        className="secondary"
        disabled={values.length >= 4}
        onClick={() => {
          onChange([...values, '']);
          focusLater(selectId(values.length));
        }}
        data-testid="transit-add"
      >
        {t('transit.add')}
      </button>
    </fieldset>
  );
}
