/**
 * The floor the lifecycle benchmark compares Handover with: a workflow that takes the same input and the
 * same number of updates with the same bodies as a case, and does nothing with them. No timers, no
 * search attributes, no activities, no timeline: only what Temporal itself costs per update.
 *
 * Bundled on its own (bench/lib.ts `workflowBundle('minimal')`); the client imports `stepUpdate` from here,
 * which is safe outside a workflow, as the case contract's definitions are.
 */
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const MINIMAL_WORKFLOW_TYPE = 'minimalWorkflow';

export interface MinimalStep {
  requestId: string;
  body: unknown;
}

export const stepUpdate = defineUpdate<{ step: number }, [MinimalStep]>('step');

export interface MinimalInput {
  /** Updates to take before completing. */
  steps: number;
  /** Carried like a case's registration, so payload sizes match; not read. */
  payload?: unknown;
}

export async function minimalWorkflow(input: MinimalInput): Promise<{ steps: number }> {
  let done = 0;
  const seen = new Set<string>();
  setHandler(
    stepUpdate,
    (step) => {
      if (!seen.has(step.requestId)) {
        seen.add(step.requestId);
        done += 1;
      }
      return { step: done };
    },
    {
      validator: (step) => {
        if (!step || typeof step.requestId !== 'string') throw new Error('INVALID: requestId is required');
      },
    },
  );
  await condition(() => done >= input.steps);
  await condition(allHandlersFinished);
  return { steps: done };
}
