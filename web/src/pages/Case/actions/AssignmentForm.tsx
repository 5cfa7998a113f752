import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AssignmentBodySchema } from '../../../../../contracts/actions';
import { Field, FieldSet } from '../../../components/forms/Field';
import { useMe } from '../../../session/useSession';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

type Mode = 'claim' | 'hand-over' | 'release';

export function AssignmentForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const me = useMe().data;
  const assignee = view.assignment?.assignee;
  const modes: Mode[] = [...(assignee !== me?.id ? (['claim'] as const) : []), 'hand-over', ...(assignee ? (['release'] as const) : [])];
  const [mode, setMode] = useState<Mode>(modes[0] ?? 'hand-over');
  const form = useForm<z.input<typeof AssignmentBodySchema>, unknown, z.output<typeof AssignmentBodySchema>>({
    resolver: zodResolver(AssignmentBodySchema),
    defaultValues: { requestId: '', assignee: mode === 'claim' ? (me?.id ?? '') : mode === 'release' ? null : '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'assignment', form, fields: ['assignee'], onDone });
  const choose = (next: Mode) => {
    setMode(next);
    form.clearErrors();
    form.setValue('assignee', next === 'claim' ? (me?.id ?? '') : next === 'release' ? null : '');
  };
  return (
    <ActionForm segment="assignment" submit={submit} hint={assignee ? t('assignment.current', { assignee }) : t('assignment.nobody')}>
      <FieldSet legend={t('assignment.what')}>
        {modes.map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="assignment-mode" value={m} checked={mode === m} onChange={() => choose(m)} data-testid={`assignment-${m}`} /> {t(`assignment.modes.${m}`)}
          </label>
        ))}
      </FieldSet>
      {mode === 'hand-over' && (
        <Field label={t('assignment.colleague')} hint={t('assignment.colleagueHint')} error={tr(form.formState.errors.assignee)} required>
          {(p) => <input {...p} {...form.register('assignee')} autoComplete="off" spellCheck={false} data-testid="assignment-colleague" />}
        </Field>
      )}
      {mode !== 'hand-over' && form.formState.errors.assignee && <p className="field-error" role="alert">{tr(form.formState.errors.assignee)?.message}</p>}
    </ActionForm>
  );
}
