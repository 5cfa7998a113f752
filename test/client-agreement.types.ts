/**
 * The generated client (clients/typescript, from docs/openapi.json) and the contracts/ zod schemas the API
 * validates with describe the same main operations: a change to one side without the other fails
 * `npm run typecheck`. Nothing runs here; jest never loads this file, tsc compiles it with test/.
 *
 * Requests are compared on zod's input type (what a caller may send), answers on zod's output type
 * (what the API writes after its defaults). Where the two legitimately differ, the direction that must
 * hold is asserted alone, with the reason beside it.
 */
import type { z } from 'zod';
import type { components, operations, paths } from '../clients/typescript';
import type { ApprovalBodySchema, ScreeningBodySchema } from '../contracts/actions';
import type { CaseListResponseSchema, CaseViewSchema } from '../contracts/case-view';
import type { AssertTrue, Equivalent } from '../contracts/common';
import type { CaseListQuerySchema } from '../contracts/list';
import type { ProblemKind, ProblemSchema } from '../contracts/problem';
import type { RegistrationBodySchema } from '../contracts/registration';

type Schemas = components['schemas'];
/** `[A] extends [B]`: every A is a B (no distribution over unions). */
type Assignable<A, B> = [A] extends [B] ? true : false;
type JsonBody<Op extends { requestBody?: unknown }> = NonNullable<Op['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
type JsonAnswer<Op extends { responses: unknown }, Status extends keyof Op['responses']> = Op['responses'][Status] extends { content: { 'application/json': infer B } } ? B : never;
type ProblemAnswer<Op extends { responses: unknown }, Status extends keyof Op['responses']> = Op['responses'][Status] extends { content: { 'application/problem+json': infer B } } ? B : never;

// registerArrest: the body. Defaults (otherNames, documents, transitCountries, charges) are optional on
// both sides because the generator is told not to make a defaulted field required.
export type _RegistrationBody = AssertTrue<Equivalent<JsonBody<operations['registerArrest']>, z.input<typeof RegistrationBodySchema>>>;
export type _RegistrationSchema = AssertTrue<Equivalent<Schemas['CaseRegistration'], z.input<typeof RegistrationBodySchema>>>;
export type _RegistrationPath = AssertTrue<Equivalent<paths['/api/v1/cases']['post'], operations['registerArrest']>>;
// A body after the API's defaults is still one the client may send (the other way round it lacks them).
export type _RegistrationParsedIsSendable = AssertTrue<Assignable<z.output<typeof RegistrationBodySchema>, Schemas['CaseRegistration']>>;

// Actions with requestId: the bodies of screening and approvals, the two the integrators' page shows.
export type _ScreeningBody = AssertTrue<Equivalent<JsonBody<operations['recordScreening']>, z.input<typeof ScreeningBodySchema>>>;
export type _ApprovalBody = AssertTrue<Equivalent<JsonBody<operations['decideApproval']>, z.input<typeof ApprovalBodySchema>>>;

// The case view: what registerArrest (200 replay, 201 new), getCase and every action answer.
export type _CaseView = AssertTrue<Equivalent<Schemas['CaseView'], z.output<typeof CaseViewSchema>>>;
export type _RegisteredView = AssertTrue<Equivalent<JsonAnswer<operations['registerArrest'], 201>, z.output<typeof CaseViewSchema>>>;
export type _ReplayedView = AssertTrue<Equivalent<JsonAnswer<operations['registerArrest'], 200>, z.output<typeof CaseViewSchema>>>;
export type _GetCaseView = AssertTrue<Equivalent<JsonAnswer<operations['getCase'], 200>, z.output<typeof CaseViewSchema>>>;
export type _ScreeningView = AssertTrue<Equivalent<JsonAnswer<operations['recordScreening'], 200>, z.output<typeof CaseViewSchema>>>;

// listCases: the answer, and the query.
export type _CaseList = AssertTrue<Equivalent<JsonAnswer<operations['listCases'], 200>, z.output<typeof CaseListResponseSchema>>>;
export type _CaseListSchema = AssertTrue<Equivalent<Schemas['CaseList'], z.output<typeof CaseListResponseSchema>>>;
type ListQuery = NonNullable<operations['listCases']['parameters']['query']>;
// Every query the client can build is one the API's schema takes. Not the other way: pageSize is
// z.coerce.number(), whose input is `unknown` (a query string arrives as text), while the document
// says integer.
export type _ListQuerySendable = AssertTrue<Assignable<ListQuery, z.input<typeof CaseListQuerySchema>>>;
// The same filters on both sides, so a filter added to one is named by the other.
export type _ListQueryKeys = AssertTrue<Equivalent<keyof ListQuery, keyof z.input<typeof CaseListQuerySchema>>>;

// The problem: the document enumerates `type` (the catalogue of PROBLEM_KINDS) where the zod schema
// says string, so a generated problem is a contracts Problem, and its type is exactly a known kind.
type GeneratedProblem = Schemas['Problem'];
type ContractProblem = z.output<typeof ProblemSchema>;
export type _ProblemIsContract = AssertTrue<Assignable<GeneratedProblem, ContractProblem>>;
export type _ProblemTypes = AssertTrue<Equivalent<GeneratedProblem['type'], `/problems/${ProblemKind}`>>;
export type _ProblemFields = AssertTrue<Equivalent<Omit<GeneratedProblem, 'type'>, Omit<ContractProblem, 'type'>>>;
// Every 4xx of the main operations is answered as that problem.
export type _RegisterProblems = AssertTrue<Equivalent<ProblemAnswer<operations['registerArrest'], 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429>, GeneratedProblem>>;
export type _GetCaseProblems = AssertTrue<Equivalent<ProblemAnswer<operations['getCase'], 400 | 401 | 404 | 429>, GeneratedProblem>>;
export type _ListProblems = AssertTrue<Equivalent<ProblemAnswer<operations['listCases'], 400 | 401 | 404 | 429>, GeneratedProblem>>;
export type _ActionProblems = AssertTrue<Equivalent<ProblemAnswer<operations['recordScreening'], 400 | 401 | 403 | 404 | 409 | 422 | 429>, GeneratedProblem>>;
