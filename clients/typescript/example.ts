import { createHandoverClient, type CaseRegistration } from './index';

/** Registers an arrest (retry-safe), reads the case, screens it if allowed, and lists every case page by page. */
export async function registerScreenAndList(baseUrl: string, token: string, arrest: CaseRegistration) {
  const handover = createHandoverClient(baseUrl, { token });
  const registered = await handover.POST('/api/v1/cases', { params: { header: { 'idempotency-key': arrest.externalReference } }, body: arrest });
  if (registered.error) throw new Error(`${registered.error.type}: ${registered.error.detail ?? ''}`); // a typed problem
  const { caseId } = registered.data;
  const { data: view } = await handover.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } });
  if (view?.allowedActions.includes('screening')) {
    const screened = await handover.POST('/api/v1/cases/{caseId}/screening', { params: { path: { caseId } }, body: { requestId: `${caseId}-screening`, result: 'cleared' } });
    if (screened.error) throw new Error(`${screened.error.type}: ${screened.error.detail ?? ''}`);
  }
  const listed: string[] = [];
  let pageToken: string | undefined;
  do {
    const { data: page } = await handover.GET('/api/v1/cases', { params: { query: { pageSize: 50, pageToken } } });
    listed.push(...(page?.cases ?? []).map((c) => c.caseId));
    pageToken = page?.nextPageToken;
  } while (pageToken);
  return { caseId, listed };
}
