/**
 * The filter form. A real form: Enter applies it, and nothing is asked of the server until it passes
 * the list's contract. Applying writes the filters to the URL; the page reads them back from there.
 */
import { useEffect, type ReactNode } from 'react';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { OUTCOMES, STAGES, TRACKS } from '../../../../domain/case';
import { COUNTRIES } from '../../../../domain/people';
import { Field } from '../../components/forms/Field';
import { applyFieldErrors, type ApiProblem } from '../../http/problem';
import { FILTER_KEY_SET, emptyFilters, validateQuery, type FilterError, type FilterKey, type FilterValues } from './filters';
import { useFilterErrorText } from './useFilterErrorText';

export interface CaseFiltersProps {
  /** The filters of the URL now. */
  values: FilterValues;
  /** Problems the URL's own values have, shown on their fields until the person corrects them. */
  urlErrors: readonly FilterError[];
  /** A 400 of the list that names filters. */
  serverProblem: ApiProblem | undefined;
  /** Whether the filters of "waiting on me" and "assigned" mean anything for this person. */
  acting: boolean;
  onApply: (values: FilterValues) => void;
  onClear: () => void;
}

export function CaseFilters({ values, urlErrors, serverProblem, acting, onApply, onClear }: CaseFiltersProps) {
  const { t } = useTranslation(['cases', 'common']);
  const errorText = useFilterErrorText();

  const resolver: Resolver<FilterValues> = (draft) => {
    const check = validateQuery(draft);
    if (check.ok) return { values: draft, errors: {} };
    const errors: FieldErrors<FilterValues> = {};
    for (const e of check.errors) if (e.field !== 'pageSize') errors[e.field] = { type: e.kind, message: errorText(e) };
    return { values: {}, errors };
  };

  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<FilterValues>({ resolver, defaultValues: values });

  // The URL changes without this form too (back button, a link, "clear filters"): the form follows it.
  const identity = JSON.stringify(values);
  useEffect(() => {
    reset(JSON.parse(identity) as FilterValues);
  }, [identity, reset]);

  useEffect(() => {
    if (serverProblem) applyFieldErrors(serverProblem.problem, setError, FILTER_KEY_SET);
  }, [serverProblem, setError]);

  const urlError = (key: FilterKey) => {
    const e = urlErrors.find((u) => u.field === key);
    return e ? { message: errorText(e) } : undefined;
  };
  const errorOf = (key: FilterKey) => errors[key] ?? urlError(key);

  const select = (key: FilterKey, label: ReactNode, options: readonly { value: string; label: string }[]) => (
    <Field label={label} error={errorOf(key)}>
      {(props) => (
        <select {...props} {...register(key)} data-testid={`filter-${key}`}>
          <option value="">{t('common:any')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const countries = COUNTRIES.map((c) => ({ value: c, label: t(`common:country.${c}`) }));
  const yesNo = [
    { value: 'true', label: t('common:yes') },
    { value: 'false', label: t('common:no') },
  ];

  return (
    <form
      className="filters"
      role="search"
      aria-label={t('filters.label')}
      noValidate
      data-testid="case-filters"
      onSubmit={(e) => {
        void handleSubmit((v) => onApply(v))(e);
      }}
    >
      <Field label={t('filters.search')} hint={t('filters.searchHint')} error={errorOf('search')}>
        {(props) => <input type="search" size={28} autoComplete="off" spellCheck={false} {...props} {...register('search')} data-testid="filter-search" />}
      </Field>
      {select('stage', t('filters.stage'), STAGES.map((s) => ({ value: s, label: t(`common:stage.${s}`) })))}
      {select('track', t('filters.track'), TRACKS.map((s) => ({ value: s, label: t(`common:track.${s}`) })))}
      {select('outcome', t('filters.outcome'), OUTCOMES.map((s) => ({ value: s, label: t(`common:outcome.${s}`) })))}
      {select('custodialCountry', t('filters.custodialCountry'), countries)}
      {select('receivingCountry', t('filters.receivingCountry'), countries)}
      {select('transitCountry', t('filters.transitCountry'), countries)}
      {select('country', t('filters.country'), countries)}
      <Field label={t('filters.operation')} error={errorOf('operation')}>
        {(props) => <input type="text" size={16} autoComplete="off" spellCheck={false} {...props} {...register('operation')} data-testid="filter-operation" />}
      </Field>
      {select('overdue', t('filters.overdue'), yesNo)}
      <Field label={t('filters.legalDeadlineWithinDays')} hint={t('filters.daysHint')} error={errorOf('legalDeadlineWithinDays')}>
        {(props) => <input type="text" inputMode="decimal" size={6} autoComplete="off" {...props} {...register('legalDeadlineWithinDays')} data-testid="filter-legalDeadlineWithinDays" />}
      </Field>
      <Field label={t('filters.registeredFrom')} hint={t('filters.utcDay')} error={errorOf('registeredFrom')}>
        {(props) => <input type="date" {...props} {...register('registeredFrom')} data-testid="filter-registeredFrom" />}
      </Field>
      <Field label={t('filters.registeredTo')} hint={t('filters.utcDay')} error={errorOf('registeredTo')}>
        {(props) => <input type="date" {...props} {...register('registeredTo')} data-testid="filter-registeredTo" />}
      </Field>
      {/* Shown to whoever has them in the URL too, so no filter is ever applied unseen. */}
      {(acting || values.waitingOnMe !== '') && select('waitingOnMe', t('filters.waitingOnMe'), yesNo)}
      {(acting || values.assigned !== '') &&
        select('assigned', t('filters.assigned'), [
          { value: 'me', label: t('filters.assignedMe') },
          { value: 'unassigned', label: t('filters.unassigned') },
        ])}
      <div className="actions-row filter-actions">
        <button type="submit" data-testid="filters-apply">
          {t('filters.apply')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="filters-clear"
          onClick={() => {
            reset(emptyFilters());
            onClear();
          }}
        >
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}
