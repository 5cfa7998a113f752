import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApprovalBodySchema } from '../../../../contracts/actions';
import type { Me } from '../../../../contracts/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useSubmissionId } from '../../components/forms/useSubmission';
import type { CaseView } from '../../queries/case';
import { useApproval } from '../../queries/monitor';

type ApprovalInput = z.input<typeof ApprovalBodySchema>;
type ApprovalOutput = z.output<typeof ApprovalBodySchema>;

/** My country's approval of one case, from its row: one click, one submission however often it is clicked. */
export function ApproveForm({ caseId, me, onDone }: { caseId: string; me: Me; onDone: (caseId: string, view: CaseView) => void }) {
  const { t } = useTranslation('inbox');
  const mutation = useApproval(me);
  const submission = useSubmissionId();
  const form = useForm<ApprovalInput, unknown, ApprovalOutput>({
    resolver: zodResolver(ApprovalBodySchema),
    defaultValues: { requestId: '', decision: 'approve' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      const view = await mutation.mutateAsync({ caseId, body });
      submission.renew();
      onDone(caseId, view);
    } catch {
      // Shown below the button from the mutation's state.
    }
  });
  return (
    <form
      className="approve"
      data-testid="form-approvals"
      noValidate
      onSubmit={(e) => {
        form.setValue('requestId', submission.current());
        void submit(e);
      }}
    >
      <input type="hidden" {...form.register('requestId')} />
      <button type="submit" data-testid="approve" disabled={mutation.isPending}>
        {t('approve')}
        <span className="visually-hidden"> {caseId}</span>
      </button>
      {mutation.error && <ProblemMessage error={mutation.error} testId="approve-problem" />}
    </form>
  );
}
