import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ResumeBodySchema } from '../../../../../contracts/actions';
import { ActionForm } from './ActionForm';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function ResumeForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const form = useForm<z.input<typeof ResumeBodySchema>, unknown, z.output<typeof ResumeBodySchema>>({
    resolver: zodResolver(ResumeBodySchema),
    defaultValues: { requestId: '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'resume', form, fields: [], onDone });
  return <ActionForm segment="resume" submit={submit} hint={t('resume.hint')}>{null}</ActionForm>;
}
