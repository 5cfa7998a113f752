/** Bulk intake (POST /cases/bulk) and bulk approvals (POST /approvals/bulk): bodies and answers. */
import { z } from 'zod';
import { OUTCOMES, STAGES } from '../domain/case';
import { FieldErrorSchema } from './problem';
import { ApprovalBodySchema } from './actions';
import { CaseIdSchema } from './common';

export const MAX_BULK_APPROVALS = 1_000;

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
