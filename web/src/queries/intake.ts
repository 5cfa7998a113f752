/**
 * Intake: registering one arrest (POST /cases) and bulk intake chunks (POST /cases/bulk). A registration
 * carries an Idempotency-Key per submission, so a double click or a retry after a lost answer registers
 * the arrest once.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkIntakeResult } from '../../../contracts/bulk';
import type { CaseViewSchema } from '../../../contracts/case-view';
import type { RegistrationBody, RegistrationBodySchema } from '../../../contracts/registration';
import { CASE_ID_PATTERN } from '../../../domain/case';
import { apiFetch, withQuery } from '../http/client';
import { isApiProblem } from '../http/problem';
import { caseKeys } from './case';

export type CaseView = z.output<typeof CaseViewSchema>;
export type RegistrationInput = z.input<typeof RegistrationBodySchema>;

export const intakeKeys = {
  all: ['intake'] as const,
};

/** Lists that a new case may appear in: refreshed after a registration or an import chunk. */
export function invalidateCaseLists(queryClient: QueryClient): void {
  for (const domain of ['cases', 'inbox', 'monitor', 'operations']) void queryClient.invalidateQueries({ queryKey: [domain] });
}

export interface RegisterVariables {
  body: RegistrationBody;
  idempotencyKey: string;
}

export function useRegisterCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: RegisterVariables) =>
      apiFetch<CaseView>('/cases', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: (view) => {
      // The case page opens on this answer instead of asking for the case again.
      queryClient.setQueryData(caseKeys.view(view.caseId), view);
      invalidateCaseLists(queryClient);
    },
  });
}

/**
 * The case a 409 "already registered with different details" names: the server's detail carries the case
 * id; without it, the case list finds the external reference.
 */
export async function findRegisteredCase(error: unknown, externalReference: string): Promise<string | undefined> {
  if (!isApiProblem(error) || error.status !== 409 || error.kind !== 'conflict') return undefined;
  const named = new RegExp(CASE_ID_PATTERN.source.replace(/^\^|\$$/g, '')).exec(error.problem.detail ?? '')?.[0];
  if (named) return named;
  try {
    const list = await apiFetch<{ cases: { caseId: string }[] }>(withQuery('/cases', { search: externalReference, pageSize: 1 }));
    return list.cases[0]?.caseId;
  } catch {
    return undefined;
  }
}

/** One chunk of an import: registrations as JSON (row numbers in the answer are 1-based within the chunk). */
export function postBulkChunk(rows: RegistrationBody[], signal?: AbortSignal): Promise<BulkIntakeResult> {
  return apiFetch<BulkIntakeResult>('/cases/bulk', { method: 'POST', body: rows, signal });
}
