import { useTranslation } from 'react-i18next';
import { useId } from 'react';

/**
 * A list of short texts (other names, charges) that the person adds to and removes from. Each item is
 * its own labelled input; removing one moves focus to a neighbour so the keyboard never lands nowhere.
 */
export function TextList({
  legend,
  itemLabel,
  addLabel,
  removeLabel,
  values,
  itemErrors = [],
  listError,
  maxLength,
  max,
  onChange,
  testId,
}: {
  legend: string;
  itemLabel: (n: number) => string;
  addLabel: string;
  removeLabel: (n: number) => string;
  values: string[];
  itemErrors?: (string | undefined)[];
  listError?: string;
  maxLength: number;
  max: number;
  onChange: (next: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation('register');
  const id = useId();
  const inputId = (i: number) => `${id}-${i}`;
  const focusLater = (target: string) => requestAnimationFrame(() => document.getElementById(target)?.focus());
  return (
    <fieldset className="fieldset" data-testid={testId}>
      <legend>{legend}</legend>
      {values.length === 0 && <p className="hint">{t('list.empty')}</p>}
      <ol className="list-items">
        {values.map((value, i) => {
          const error = itemErrors[i];
          return (
            <li key={i} className={error ? 'field has-error' : 'field'}>
              <label htmlFor={inputId(i)}>{itemLabel(i + 1)}</label>
              <div className="actions-row">
                <input
                  id={inputId(i)}
                  value={value}
                  maxLength={maxLength}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId(i)}-error` : undefined}
                  onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    onChange(values.filter((_, j) => j !== i));
                    focusLater(values.length > 1 ? inputId(Math.min(i, values.length - 2)) : `${id}-add`);
                  }}
                >
                  {removeLabel(i + 1)}
                </button>
              </div>
              {error && (
                <p id={`${inputId(i)}-error`} className="field-error" data-testid="field-error">
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
        disabled={values.length >= max}
        onClick={() => {
          onChange([...values, '']);
          focusLater(inputId(values.length));
        }}
        data-testid={`${testId}-add`}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}
