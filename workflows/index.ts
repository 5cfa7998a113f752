/** The workflow bundle's entry: every workflow type the worker runs. */
export { caseWorkflow } from './case/case-workflow';
export { operationWorkflow } from './operation/operation-workflow';
