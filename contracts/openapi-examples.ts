/**
 * Request and response examples of the main operations, by operationId, for the OpenAPI document. They
 * name no real person. test/openapi-document.test.ts parses each with its zod schema and the redocly lint
 * validates them against the document's, so an example cannot drift from the contract.
 */
import type { WebhookNotification } from './webhooks';

export interface OperationExamples {
  /** Named request bodies (application/json). */
  request?: Record<string, { summary: string; value: unknown }>;
  /** Named answers by status code (application/json). */
  responses?: Record<string, Record<string, { summary: string; value: unknown }>>;
}

const CASE_ID = 'case-KH-2026-7QX2M4RD9A';

export const REGISTRATION_EXAMPLE = {
  track: 'deportation',
  person: {
    fullName: 'Example Person',
    otherNames: ['E. Person'],
    birthDate: '1990-04-17',
    sex: 'male',
    claimedNationality: 'CN',
    documents: [{ type: 'passport', number: 'E00000000', issuingCountry: 'CN' }],
  },
  custodialCountry: 'KH',
  receivingCountry: 'CN',
  transitCountries: [],
  arrest: { time: '2026-03-01T08:30:00+07:00', place: 'Compound 7, Sihanoukville', agency: 'Cambodian National Police', operation: 'op-2026-03' },
  custodyStatus: 'detention',
  charges: ['telecom fraud'],
  externalReference: 'KH-CNP-2026-000123',
} as const;

export const CASE_VIEW_EXAMPLE = {
  caseId: CASE_ID,
  track: 'deportation',
  stage: 'approvals',
  custodialCountry: 'KH',
  receivingCountry: 'CN',
  transitCountries: [],
  externalReference: 'KH-CNP-2026-000123',
  custodyStatus: 'detention',
  profileId: 'deportation-default',
  registeredAt: '2026-03-01T02:00:00.000Z',
  registeredBy: 'kh-officer-1',
  person: { ...REGISTRATION_EXAMPLE.person, otherNames: [...REGISTRATION_EXAMPLE.person.otherNames], documents: [...REGISTRATION_EXAMPLE.person.documents] },
  arrest: { ...REGISTRATION_EXAMPLE.arrest },
  charges: ['telecom fraud'],
  screening: { result: 'cleared', vulnerable: false, by: 'kh-officer-1', at: '2026-03-01T04:00:00.000Z' },
  verification: { result: 'confirmed', by: 'cn-officer-1', at: '2026-03-02T03:00:00.000Z', reference: 'CN-MPS-2026-4411' },
  approvals: [
    { country: 'KH', slot: 'release', status: 'approved', by: 'kh-supervisor-1', at: '2026-03-02T06:00:00.000Z' },
    { country: 'CN', slot: 'accept', status: 'pending' },
  ],
  custodyEvents: [],
  clocks: [
    {
      name: 'immigration-detention',
      kind: 'legal',
      status: 'running',
      startedAt: '2026-03-01T01:30:00.000Z',
      deadline: '2026-03-31T01:30:00.000Z',
      remainingMs: 2_332_800_000,
      consequence: 'person released (released-custody-expired)',
      legalBasis: 'Immigration law of the custodial country: administrative detention pending deportation',
    },
    { name: 'sla:approvals', kind: 'working', status: 'running', startedAt: '2026-03-02T03:00:00.000Z', deadline: '2026-03-05T03:00:00.000Z', consequence: 'escalated to supervisors', remindersSent: 0 },
  ],
  waitingOn: [{ kind: 'person', role: 'supervisor', country: 'CN', action: 'decideApproval' }],
  overdue: false,
  nextDeadline: '2026-03-05T03:00:00.000Z',
  timelineLength: 6,
  allowedActions: ['approvals', 'hold'],
} as const;

export const CASE_LIST_EXAMPLE = {
  cases: [
    {
      caseId: CASE_ID,
      track: 'deportation',
      stage: 'approvals',
      custodialCountry: 'KH',
      receivingCountry: 'CN',
      transitCountries: [],
      waitingOn: ['supervisor:CN'],
      nextDeadline: '2026-03-05T03:00:00.000Z',
      nextLegalDeadline: '2026-03-31T01:30:00.000Z',
      overdue: false,
      registeredAt: '2026-03-01T02:00:00.000Z',
    },
  ],
  nextPageToken: 'eyJ2IjoxLCJxIjoi...',
} as const;

export const WEBHOOK_EXAMPLES: Record<WebhookNotification['kind'], WebhookNotification> = {
  'approval-requested': {
    version: 1, eventId: `${CASE_ID}:3`, caseId: CASE_ID, kind: 'approval-requested', audience: ['supervisor:CN'], stage: 'approvals', createdAt: '2026-03-02T03:00:00.000Z',
  },
  reminder: {
    version: 1, eventId: `${CASE_ID}:5`, caseId: CASE_ID, kind: 'reminder', audience: ['supervisor:CN'], stage: 'approvals', clock: 'sla:approvals', fraction: 0.5, deadline: '2026-03-05T03:00:00.000Z', createdAt: '2026-03-03T15:00:00.000Z',
  },
  overdue: {
    version: 1, eventId: `${CASE_ID}:7`, caseId: CASE_ID, kind: 'overdue', audience: ['supervisor:CN'], stage: 'approvals', clock: 'sla:approvals', deadline: '2026-03-05T03:00:00.000Z', createdAt: '2026-03-05T03:00:00.000Z',
  },
  escalation: {
    version: 1, eventId: `${CASE_ID}:9`, caseId: CASE_ID, kind: 'escalation', audience: ['supervisor:TH', 'supervisor:CN'], stage: 'in-transfer', clock: 'transit-stop', deadline: '2026-03-09T10:00:00.000Z', createdAt: '2026-03-09T10:00:00.000Z',
  },
  'legal-clock-expired': {
    version: 1, eventId: `${CASE_ID}:8`, caseId: CASE_ID, kind: 'legal-clock-expired', audience: ['supervisor:KH', 'legal:KH', 'supervisor:CN', 'legal:CN'], stage: 'closed', clock: 'immigration-detention', outcome: 'released-custody-expired', deadline: '2026-03-31T01:30:00.000Z', createdAt: '2026-03-31T01:30:00.000Z',
  },
  outcome: {
    version: 1, eventId: `${CASE_ID}:12`, caseId: CASE_ID, kind: 'outcome', audience: ['supervisor:KH', 'supervisor:CN'], stage: 'closed', outcome: 'handed-over', createdAt: '2026-03-10T09:00:00.000Z',
  },
};

export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  registerArrest: {
    request: { deportation: { summary: 'A Chinese national arrested in Cambodia', value: REGISTRATION_EXAMPLE } },
    responses: {
      '201': { registered: { summary: 'The new case (shown here later, in approvals)', value: CASE_VIEW_EXAMPLE } },
      '200': { replayed: { summary: 'A repeat: the same case, Idempotent-Replayed: true', value: CASE_VIEW_EXAMPLE } },
    },
  },
  listCases: { responses: { '200': { page: { summary: 'One page of summaries', value: CASE_LIST_EXAMPLE } } } },
  getCase: { responses: { '200': { approvals: { summary: 'A case waiting for China to accept', value: CASE_VIEW_EXAMPLE } } } },
  recordScreening: {
    request: {
      cleared: { summary: 'Screened, no trafficking or refoulement indication', value: { requestId: 'kh-screen-000123', result: 'cleared' } },
      victim: { summary: 'A trafficking victim: the case closes as referred-as-victim', value: { requestId: 'kh-screen-000124', result: 'victim', notes: 'Referred to the victim support service' } },
    },
    responses: { '200': { screened: { summary: 'The updated case', value: CASE_VIEW_EXAMPLE } } },
  },
  decideApproval: {
    request: {
      approve: { summary: "Approve your country's slot", value: { requestId: 'cn-approve-000123', decision: 'approve' } },
      returnToVerification: {
        summary: 'Reject and send back to identity verification',
        value: { requestId: 'cn-reject-000123', decision: 'reject', reason: 'Nationality document unreadable', returnTo: 'identity-verification' },
      },
    },
    responses: { '200': { approved: { summary: 'The updated case', value: CASE_VIEW_EXAMPLE } } },
  },
  decideApprovalsInBulk: {
    request: {
      approveMany: { summary: 'Approve three cases', value: { caseIds: [CASE_ID, 'case-KH-2026-8HT3N5SE0B', 'case-KH-2026-9JU4P6TF1C'], approval: { requestId: 'cn-bulk-2026-03-02', decision: 'approve' } } },
    },
  },
  scheduleHandoversInBulk: {
    request: {
      scheduleMany: {
        summary: 'One convoy for two cases',
        value: {
          caseIds: [CASE_ID, 'case-KH-2026-8HT3N5SE0B'],
          schedule: { requestId: 'kh-convoy-2026-03-09', agreedDate: '2026-03-09T08:00:00+07:00', handoverPoint: 'Bavet checkpoint', transport: 'land', escort: 'KH police escort' },
        },
      },
    },
  },
};
