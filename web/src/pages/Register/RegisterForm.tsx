import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IdentityDocumentSchema, RegistrationBodySchema, type RegistrationBody } from '../../../../contracts/registration';
import { CUSTODY_STATUSES, SEXES, TRACKS } from '../../../../domain/case';
import { COUNTRIES, type Country } from '../../../../domain/people';
import type { Me } from '../../../../contracts/session';
import { Field } from '../../components/forms/Field';
import { useSubmissionIdFor } from '../../components/forms/useSubmission';
import { ProblemMessage } from '../../components/ProblemMessage';
import { browserTimeZone, localInputToIso } from '../../format/dates';
import { applyFieldErrors, isApiProblem } from '../../http/problem';
import { findRegisteredCase, useRegisterCase, type CaseView, type RegistrationInput } from '../../queries/intake';
import { TextList } from './TextList';
import { TransitCountries } from '../../components/forms/TransitCountries';
import { useRuleMessage } from './useRuleMessage';

const DOCUMENT_TYPES = IdentityDocumentSchema.shape.type.options;

/** Every field of the form, for putting the server's field errors where they belong. */
const FORM_FIELDS: ReadonlySet<string> = new Set([
  'track',
  'externalReference',
  'person',
  'custodialCountry',
  'receivingCountry',
  'transitCountries',
  'arrest',
  'custodyStatus',
  'charges',
]);

/** An answer older than this before the first send was registered earlier, not by this submission. */
const EARLIER_REGISTRATION_MS = 60_000;

const optional = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);
const optionalChoice = (v: unknown) => (v === '' ? undefined : v);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
/** The `max` of a datetime-local input: now, in the browser's wall time. */
function localNow(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type Duplicate = { caseId?: string; kind: 'conflict' | 'same' };

export function RegisterForm({ me }: { me: Me }) {
  const { t } = useTranslation(['register', 'common']);
  const rule = useRuleMessage();
  const navigate = useNavigate();
  // One Idempotency-Key per body: a retry of the same details keeps it, edited details get a new one.
  const submission = useSubmissionIdFor();
  const firstSent = useRef<{ key: string; at: number } | undefined>(undefined);
  const register = useRegisterCase();
  const [duplicate, setDuplicate] = useState<Duplicate | undefined>();
  const [unplaced, setUnplaced] = useState<{ field: string; message: string }[]>([]);
  const topRef = useRef<HTMLDivElement>(null);
  const custodial: Country = me.country;

  const form = useForm<RegistrationInput, unknown, RegistrationBody>({
    resolver: zodResolver(RegistrationBodySchema),
    defaultValues: {
      custodialCountry: custodial,
      transitCountries: [],
      charges: [],
      person: { otherNames: [], documents: [] },
    },
  });
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = form;
  const busy = register.isPending || isSubmitting;
  const documents = useFieldArray({ control, name: 'person.documents' });
  const otherNames = useWatch({ control, name: 'person.otherNames' }) ?? [];
  const charges = useWatch({ control, name: 'charges' }) ?? [];
  const transit = (useWatch({ control, name: 'transitCountries' }) ?? []) as string[];
  const receiving = useWatch({ control, name: 'receivingCountry' });

  const msg = (error: { message?: string } | undefined) => rule(error?.message);
  const itemMessages = (list: unknown): (string | undefined)[] =>
    Array.isArray(list) ? Array.from(list as (FieldError | undefined)[], (e) => msg(e)) : [];
  const listMessage = (list: unknown) => (list && !Array.isArray(list) ? msg(list) : undefined);
  const setList = (name: 'person.otherNames' | 'charges' | 'transitCountries', next: string[]) =>
    setValue(name, next as never, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  const focusTop = () => requestAnimationFrame(() => topRef.current?.focus());

  const onValid = async (body: RegistrationBody) => {
    if (register.isPending) return;
    setDuplicate(undefined);
    setUnplaced([]);
    const idempotencyKey = submission.idFor(JSON.stringify(body));
    if (firstSent.current?.key !== idempotencyKey) firstSent.current = { key: idempotencyKey, at: Date.now() };
    const sentAt = firstSent.current.at;
    try {
      const view: CaseView = await register.mutateAsync({ body, idempotencyKey });
      const earlier = view.registeredBy !== me.id || Date.parse(view.registeredAt) < sentAt - EARLIER_REGISTRATION_MS;
      submission.renew();
      firstSent.current = undefined;
      if (earlier) {
        setDuplicate({ caseId: view.caseId, kind: 'same' });
        focusTop();
        return;
      }
      void navigate(`/cases/${view.caseId}`);
    } catch (err) {
      if (isApiProblem(err) && err.status === 409 && err.kind === 'conflict') {
        // A different arrest under a reference already used: this submission is over, the next one is new.
        submission.renew();
        firstSent.current = undefined;
        setDuplicate({ caseId: await findRegisteredCase(err, body.externalReference), kind: 'conflict' });
        setError('externalReference', { type: 'server', message: t('duplicate.field') });
      } else if (isApiProblem(err)) {
        if (err.status < 500 && err.status !== 429) {
          submission.renew();
          firstSent.current = undefined;
        }
        setUnplaced(applyFieldErrors(err.problem, setError, FORM_FIELDS));
      }
      focusTop();
    }
  };

  const sexOptions = SEXES;
  const receivingChoices = COUNTRIES.filter((c) => c !== custodial);

  return (
    <form
      noValidate
      onSubmit={(e) => void handleSubmit(onValid)(e)}
      data-testid="register-form"
      aria-labelledby="register-title"
      className="register-form"
    >
      <div ref={topRef} tabIndex={-1} data-testid="register-result">
        {duplicate && (
          <div role="alert" className="notice" data-testid="duplicate">
            <p>{t(duplicate.kind === 'conflict' ? 'duplicate.conflict' : 'duplicate.same')}</p>
            {duplicate.caseId ? (
              <p>
                <Link to={`/cases/${duplicate.caseId}`} data-testid="duplicate-link">
                  {t('duplicate.open', { caseId: duplicate.caseId })}
                </Link>
              </p>
            ) : (
              <p>{t('duplicate.search')}</p>
            )}
          </div>
        )}
        {register.error && !duplicate && <ProblemMessage error={register.error} testId="register-problem" />}
        {unplaced.length > 0 && (
          <ul className="problem" data-testid="register-unplaced">
            {unplaced.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                {e.field}: {rule(e.message)}
              </li>
            ))}
          </ul>
        )}
        {Object.keys(errors).length > 0 && !register.error && (
          <p role="alert" className="problem" data-testid="register-invalid">
            {t('invalid')}
          </p>
        )}
      </div>

      <fieldset className="fieldset">
        <legend>{t('section.case')}</legend>
        <div className="form-grid">
          <Field label={t('field.track')} error={{ message: msg(errors.track) }} required>
            {(p) => (
              <select {...p} {...form.register('track', { setValueAs: optionalChoice })} defaultValue="" data-testid="track">
                <option value="">{t('choose')}</option>
                {TRACKS.map((track) => (
                  <option key={track} value={track}>
                    {t(`common:track.${track}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('field.externalReference')} hint={t('hint.externalReference')} error={{ message: msg(errors.externalReference) }} required>
            {(p) => <input {...p} {...form.register('externalReference')} maxLength={128} autoComplete="off" data-testid="externalReference" />}
          </Field>
          <Field label={t('field.custodyStatus')} error={{ message: msg(errors.custodyStatus) }} required>
            {(p) => (
              <select {...p} {...form.register('custodyStatus', { setValueAs: optionalChoice })} defaultValue="" data-testid="custodyStatus">
                <option value="">{t('choose')}</option>
                {CUSTODY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`custody.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('section.person')}</legend>
        <div className="form-grid">
          <Field label={t('field.fullName')} error={{ message: msg(errors.person?.fullName) }} required>
            {(p) => <input {...p} {...form.register('person.fullName')} maxLength={200} autoComplete="off" data-testid="fullName" />}
          </Field>
          <Field label={t('field.birthDate')} hint={t('hint.birthDate')} error={{ message: msg(errors.person?.birthDate) }}>
            {(p) => <input {...p} type="date" min="1900-01-01" {...form.register('person.birthDate', { setValueAs: optional })} data-testid="birthDate" />}
          </Field>
          <Field label={t('field.sex')} error={{ message: msg(errors.person?.sex) }} required>
            {(p) => (
              <select {...p} {...form.register('person.sex', { setValueAs: optionalChoice })} defaultValue="" data-testid="sex">
                <option value="">{t('choose')}</option>
                {sexOptions.map((s) => (
                  <option key={s} value={s}>
                    {t(`sex.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('field.claimedNationality')} hint={t('hint.countryCode')} error={{ message: msg(errors.person?.claimedNationality) }} required>
            {(p) => (
              <input
                {...p}
                {...form.register('person.claimedNationality', { setValueAs: upper })}
                maxLength={2}
                autoComplete="off"
                className="country-code"
                data-testid="claimedNationality"
              />
            )}
          </Field>
          <Field label={t('field.biometricReference')} hint={t('hint.biometricReference')} error={{ message: msg(errors.person?.biometricReference) }}>
            {(p) => <input {...p} {...form.register('person.biometricReference', { setValueAs: optional })} maxLength={128} autoComplete="off" data-testid="biometricReference" />}
          </Field>
        </div>

        <TextList
          legend={t('field.otherNames')}
          itemLabel={(n) => t('otherNames.item', { n })}
          addLabel={t('otherNames.add')}
          removeLabel={(n) => t('otherNames.remove', { n })}
          values={otherNames}
          itemErrors={itemMessages(errors.person?.otherNames)}
          listError={listMessage(errors.person?.otherNames)}
          maxLength={200}
          max={20}
          onChange={(next) => setList('person.otherNames', next)}
          testId="other-names"
        />

        <fieldset className="fieldset" data-testid="documents">
          <legend>{t('field.documents')}</legend>
          {documents.fields.length === 0 && <p className="hint">{t('documents.none')}</p>}
          <ol className="list-items">
            {documents.fields.map((doc, i) => {
              const docErrors = errors.person?.documents?.[i];
              return (
                <li key={doc.id}>
                  <fieldset className="fieldset">
                    <legend>{t('documents.item', { n: i + 1 })}</legend>
                    <div className="form-grid">
                      <Field label={t('documents.type')} error={{ message: msg(docErrors?.type) }} required>
                        {(p) => (
                          <select {...p} {...form.register(`person.documents.${i}.type`, { setValueAs: optionalChoice })} data-testid={`document-${i}-type`}>
                            <option value="">{t('choose')}</option>
                            {DOCUMENT_TYPES.map((d) => (
                              <option key={d} value={d}>
                                {t(`documentType.${d}`)}
                              </option>
                            ))}
                          </select>
                        )}
                      </Field>
                      <Field label={t('documents.number')} error={{ message: msg(docErrors?.number) }} required>
                        {(p) => <input {...p} {...form.register(`person.documents.${i}.number`)} maxLength={64} autoComplete="off" data-testid={`document-${i}-number`} />}
                      </Field>
                      <Field label={t('documents.issuingCountry')} hint={t('hint.countryCode')} error={{ message: msg(docErrors?.issuingCountry) }} required>
                        {(p) => (
                          <input
                            {...p}
                            {...form.register(`person.documents.${i}.issuingCountry`, { setValueAs: upper })}
                            maxLength={2}
                            autoComplete="off"
                            className="country-code"
                            data-testid={`document-${i}-issuingCountry`}
                          />
                        )}
                      </Field>
                    </div>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        documents.remove(i);
                        requestAnimationFrame(() => document.getElementById('add-document')?.focus());
                      }}
                    >
                      {t('documents.remove', { n: i + 1 })}
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            id="add-document"
            className="secondary"
            disabled={documents.fields.length >= 10}
            onClick={() => documents.append({ type: '' as 'passport', number: '', issuingCountry: '' }, { shouldFocus: true, focusName: `person.documents.${documents.fields.length}.type` })}
            data-testid="documents-add"
          >
            {t('documents.add')}
          </button>
        </fieldset>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('section.route')}</legend>
        <dl className="facts">
          <dt>{t('field.custodialCountry')}</dt>
          <dd data-testid="custodial-country">
            {t(`common:country.${custodial}`)} ({custodial}) <span className="hint">{t('hint.custodialCountry')}</span>
          </dd>
        </dl>
        <input type="hidden" {...form.register('custodialCountry')} />
        <div className="form-grid">
          <Field label={t('field.receivingCountry')} error={{ message: msg(errors.receivingCountry) }} required>
            {(p) => (
              <select {...p} {...form.register('receivingCountry', { setValueAs: optionalChoice })} defaultValue="" data-testid="receivingCountry">
                <option value="">{t('choose')}</option>
                {receivingChoices.map((c) => (
                  <option key={c} value={c}>
                    {t(`common:country.${c}`)} ({c})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <TransitCountries
          values={transit}
          custodial={custodial}
          receiving={receiving}
          itemErrors={itemMessages(errors.transitCountries)}
          listError={listMessage(errors.transitCountries)}
          onChange={(next) => setList('transitCountries', next)}
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('section.arrest')}</legend>
        <div className="form-grid">
          <Field
            label={t('field.arrestTime')}
            hint={t('hint.arrestTime', { zone: browserTimeZone() })}
            error={{ message: msg(errors.arrest?.time) }}
            required
          >
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                max={localNow()}
                {...form.register('arrest.time', { setValueAs: (v: string) => (v ? localInputToIso(v) : undefined) })}
                data-testid="arrestTime"
              />
            )}
          </Field>
          <Field label={t('field.arrestPlace')} error={{ message: msg(errors.arrest?.place) }} required>
            {(p) => <input {...p} {...form.register('arrest.place')} maxLength={200} data-testid="arrestPlace" />}
          </Field>
          <Field label={t('field.arrestAgency')} error={{ message: msg(errors.arrest?.agency) }} required>
            {(p) => <input {...p} {...form.register('arrest.agency')} maxLength={200} data-testid="arrestAgency" />}
          </Field>
          <Field label={t('field.arrestOperation')} hint={t('hint.arrestOperation')} error={{ message: msg(errors.arrest?.operation) }}>
            {(p) => <input {...p} {...form.register('arrest.operation', { setValueAs: optional })} maxLength={128} data-testid="arrestOperation" />}
          </Field>
        </div>
      </fieldset>

      <TextList
        legend={t('field.charges')}
        itemLabel={(n) => t('charges.item', { n })}
        addLabel={t('charges.add')}
        removeLabel={(n) => t('charges.remove', { n })}
        values={charges}
        itemErrors={itemMessages(errors.charges)}
        listError={listMessage(errors.charges)}
        maxLength={200}
        max={50}
        onChange={(next) => setList('charges', next)}
        testId="charges"
      />

      <div className="actions-row">
        <button type="submit" disabled={busy} data-testid="register-submit">
          {busy ? t('submitting') : t('submit')}
        </button>
      </div>
    </form>
  );
}
