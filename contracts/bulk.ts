/**
 * Bulk intake (POST /cases/bulk), bulk approvals (POST /approvals/bulk) and bulk schedules
 * (POST /schedules/bulk): bodies and answers.
 */
import { z } from 'zod';
import { OUTCOMES, STAGES } from '../domain/case';
import { FieldErrorSchema } from './problem';
import { ApprovalBodySchema, ScheduleBodySchema } from './actions';
import { CaseIdSchema } from './common';

export const MAX_BULK_APPROVALS = 1_000;
export const MAX_BULK_SCHEDULES = 1_000;

/**
 * A JSON array of registrations (each as the body of POST /cases) or CSV text. Rows are validated one
 * by one in the handler, so one bad row never turns the whole upload into a 400.
 */
export const BulkIntakeBodySchema = z
  .union([
    z.array(z.unknown()).describe('application/json: registrations, each as the body of POST /cases'),
    z.string().describe('text/csv: a header line and one person per row (docs/bulk-intake.md)'),
  ])
  .meta({ id: 'BulkIntake' });

const BULK_ROW_STATUSES = ['created', 'existing', 'invalid', 'conflict', 'failed'] as const;

export const BulkIntakeResultSchema = z
  .object({
    received: z.number(),
    started: z.number().describe('Case workflows started by this request'),
    existing: z.number(),
    invalid: z.number(),
    conflicts: z.number(),
    failed: z.number(),
    results: z.array(
      z.object({
        row: z.number().describe('1-based element of the array, or data row of the CSV (blank lines skipped)'),
        status: z
          .enum(BULK_ROW_STATUSES)
          .describe(
            'created: started now; existing: the same arrest (custodial country + externalReference) with the same details ' +
              'is already registered; invalid: see errors; conflict: the same arrest with different details; failed: retry',
          ),
        caseId: z.string().optional(),
        duplicateOfRow: z.number().optional().describe('A row repeated inside this upload: the row that registered it'),
        errors: z.array(FieldErrorSchema).optional().describe('Field (JSON path, or CSV column) and what is wrong'),
        detail: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkIntakeResult' });
export type BulkIntakeResult = z.output<typeof BulkIntakeResultSchema>;
export type BulkRowResult = BulkIntakeResult['results'][number];
export type BulkRowStatus = BulkRowResult['status'];

export const BulkApprovalBodySchema = z
  .strictObject({
    caseIds: z.array(CaseIdSchema).min(1).max(MAX_BULK_APPROVALS),
    approval: ApprovalBodySchema.describe("The decision for every case; the slot is the caller's country, as for one case"),
  })
  .meta({ id: 'BulkApproval' });
export type BulkApprovalBody = z.output<typeof BulkApprovalBodySchema>;

const BULK_APPROVAL_STATUSES = ['approved', 'rejected', 'refused', 'not-found', 'failed'] as const;

export const BulkApprovalResultSchema = z
  .object({
    requested: z.number(),
    approved: z.number(),
    rejected: z.number(),
    refused: z.number(),
    notFound: z.number(),
    failed: z.number(),
    results: z.array(
      z.object({
        caseId: z.string(),
        status: z
          .enum(BULK_APPROVAL_STATUSES)
          .describe('refused: the case said no (problem says why); failed: no answer for this case, repeat the request'),
        stage: z.enum(STAGES).optional(),
        outcome: z.enum(OUTCOMES).optional(),
        problem: z.object({ type: z.string(), status: z.number(), detail: z.string().optional() }).optional(),
      }),
    ),
  })
  .meta({ id: 'BulkApprovalResult' });
export type BulkApprovalResult = z.output<typeof BulkApprovalResultSchema>;

export const BulkScheduleBodySchema = z
  .strictObject({
    caseIds: z.array(CaseIdSchema).min(1).max(MAX_BULK_SCHEDULES),
    schedule: ScheduleBodySchema.describe('The schedule of every case, as the body of POST /cases/{caseId}/schedule; its requestId is each case\'s'),
  })
  .meta({ id: 'BulkSchedule' });
export type BulkScheduleBody = z.output<typeof BulkScheduleBodySchema>;

const BULK_SCHEDULE_STATUSES = ['scheduled', 'rescheduled', 'refused', 'not-found', 'failed'] as const;

export const BulkScheduleResultSchema = z
  .object({
    requested: z.number(),
    scheduled: z.number(),
    rescheduled: z.number(),
    refused: z.number(),
    notFound: z.number(),
    failed: z.number(),
    results: z.array(
      z.object({
        caseId: z.string(),
        status: z
          .enum(BULK_SCHEDULE_STATUSES)
          .describe(
            'scheduled: its first schedule; rescheduled: a new version of its schedule; refused: the case said no (problem says why); ' +
              'failed: no answer for this case, repeat the request',
          ),
        stage: z.enum(STAGES).optional(),
        outcome: z.enum(OUTCOMES).optional(),
        version: z.number().optional().describe("The case's schedule version after this request (1 = first schedule)"),
        problem: z.object({ type: z.string(), status: z.number(), detail: z.string().optional() }).optional(),
      }),
    ),
  })
  .meta({ id: 'BulkScheduleResult' });
export type BulkScheduleResult = z.output<typeof BulkScheduleResultSchema>;
