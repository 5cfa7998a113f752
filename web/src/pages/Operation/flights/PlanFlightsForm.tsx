/**
 * Plan flights or convoys at a cut-off: the cut-off, one departure per flight (rows added and removed)
 * and the seats per flight (the operation's by default), checked with the contract's schema before it
 * is sent; the server's field errors land on their field and what was typed stays. One request id per
 * body, kept across retries. The answer shows the seated people per flight and who was left out, why.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { PlanFlightsBodySchema } from '../../../../../contracts/operations';
import { DateTime } from '../../../components/DateTime';
import { Field } from '../../../components/forms/Field';
import { bodyKey, useSubmissionIdFor } from '../../../components/forms/useSubmission';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { browserTimeZone, localInputToIso } from '../../../format/dates';
import { applyFieldErrors, isApiProblem } from '../../../http/problem';
import { usePlanFlights, type OperationView, type PlanFlightsBody, type PlanResult } from '../../../queries/operations';
import { useContractMessage } from '../../Case/actions/messages';

type Output = z.output<typeof PlanFlightsBodySchema>;
const FIELDS: ReadonlySet<string> = new Set(['cutOff', 'departures', 'capacity']);

export function PlanFlightsForm({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  const tr = useContractMessage();
  const plan = usePlanFlights(operation.operationId);
  const submission = useSubmissionIdFor();
  const [cutOff, setCutOff] = useState('');
  const [departures, setDepartures] = useState<{ key: number; local: string }[]>([{ key: 0, local: '' }]);
  const [nextKey, setNextKey] = useState(1);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [answer, setAnswer] = useState<PlanResult | undefined>();
  const form = useForm<PlanFlightsBody, unknown, Output>({
    resolver: zodResolver(PlanFlightsBodySchema),
    defaultValues: { requestId: '', cutOff: '', departures: [''], capacity: operation.details.capacity },
  });
  const { errors } = form.formState;
  const busy = plan.isPending || form.formState.isSubmitting;
  const zone = browserTimeZone();

  const send = async (body: Output) => {
    if (plan.isPending) return;
    setUnplaced([]);
    try {
      const result = await plan.mutateAsync(body);
      submission.renew();
      setAnswer(result);
    } catch (err) {
      if (!isApiProblem(err)) return;
      if (err.status !== 503 && err.status !== 429) submission.renew();
      setUnplaced(applyFieldErrors<PlanFlightsBody>(err.problem, form.setError, FIELDS).map((e) => `${e.field}: ${e.message}`));
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    form.setValue('cutOff', localInputToIso(cutOff));
    form.setValue(
      'departures',
      departures.map((d) => localInputToIso(d.local)),
    );
    form.setValue('requestId', submission.idFor(bodyKey(form.getValues())));
    void form.handleSubmit(send)(event);
  };

  const departureErrors = Array.isArray(errors.departures) ? (errors.departures as ({ message?: string } | undefined)[]) : [];
  const departuresError = !Array.isArray(errors.departures) ? tr(errors.departures) : undefined;

  return (
    <section className="card" aria-labelledby="plan-flights" data-testid="plan-flights">
      <h2 id="plan-flights">{t('plan.title')}</h2>
      <p className="hint">{t('plan.intro')}</p>
      <form noValidate aria-busy={busy} onSubmit={onSubmit} data-testid="plan-form">
        <ProblemMessage error={unplaced.length === 0 ? plan.error : undefined} testId="plan-problem" />
        {unplaced.length > 0 && (
          <ul className="problem" role="alert" data-testid="plan-problem">
            {unplaced.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <Field label={t('plan.cutOff')} hint={t('plan.zoneHint', { zone })} error={tr(errors.cutOff)} required>
          {(p) => <input {...p} type="datetime-local" value={cutOff} onChange={(e) => setCutOff(e.target.value)} data-testid="plan-cutoff" />}
        </Field>
        <fieldset>
          <legend>{t('plan.departures')}</legend>
          {departuresError && (
            <p className="field-error" role="alert" data-testid="plan-departures-error">
              {departuresError.message}
            </p>
          )}
          {departures.map((d, i) => (
            <div key={d.key} className="row" data-testid="plan-departure-row">
              <Field label={t('plan.departure', { n: i + 1 })} hint={t('plan.zoneHint', { zone })} error={tr(departureErrors[i])} required>
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    value={d.local}
                    onChange={(e) => setDepartures((all) => all.map((x) => (x.key === d.key ? { ...x, local: e.target.value } : x)))}
                    data-testid={`plan-departure-${i}`}
                  />
                )}
              </Field>
              {departures.length > 1 && (
                <button type="button" className="secondary" onClick={() => setDepartures((all) => all.filter((x) => x.key !== d.key))} data-testid={`plan-remove-${i}`}>
                  {t('plan.removeDeparture', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDepartures((all) => [...all, { key: nextKey, local: '' }]);
              setNextKey((k) => k + 1);
            }}
            data-testid="plan-add-departure"
          >
            {t('plan.addDeparture')}
          </button>
        </fieldset>
        <Field label={t('plan.capacity')} hint={t('plan.capacityHint', { capacity: operation.details.capacity })} error={tr(errors.capacity)}>
          {(p) => <input {...p} type="number" min={1} {...form.register('capacity', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })} data-testid="plan-capacity" />}
        </Field>
        <button type="submit" disabled={busy} data-testid="plan-submit">
          {busy ? t('plan.sending') : t('plan.submit')}
        </button>
      </form>
      {answer && <PlanAnswer answer={answer} />}
    </section>
  );
}

function PlanAnswer({ answer }: { answer: PlanResult }) {
  const { t } = useTranslation(['operations', 'common']);
  if (answer.status === 'awaiting-cut-off') {
    return (
      <p className="notice" role="status" data-testid="plan-awaiting">
        {t('plan.awaiting')} <DateTime value={answer.cutOff} />
      </p>
    );
  }
  return (
    <div data-testid="plan-result" role="status">
      <h3>{t('plan.resultTitle', { count: answer.scheduled })}</h3>
      <div className="table-wrap">
        <table data-testid="plan-result-flights">
          <caption>{t('plan.seated')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('board.flight')}</th>
              <th scope="col">{t('board.departure')}</th>
              <th scope="col">{t('board.seats')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.flights.map((f) => (
              <tr key={f.flightId} data-flight-id={f.flightId}>
                <td>{f.flightId}</td>
                <td>
                  <DateTime value={f.departure} />
                </td>
                <td>{f.seats}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('plan.leftOutTitle', { count: answer.leftOut.reduce((n, g) => n + g.caseIds.length, 0) })}</h3>
      {answer.leftOut.length === 0 ? (
        <p data-testid="plan-left-out-none">{t('plan.noneLeftOut')}</p>
      ) : (
        <ul data-testid="plan-left-out">
          {answer.leftOut.map((g) => (
            <li key={g.reason} data-testid="plan-left-out-group">
              {/* The operation's reason is the server's own English sentence, shown as it came. */}
              <span lang="en">{g.reason}</span>:{' '}
              {g.caseIds.map((id, i) => (
                <span key={id}>
                  {i > 0 && ', '}
                  <Link to={`/cases/${encodeURIComponent(id)}`} data-case-id={id}>
                    {id}
                  </Link>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
