/**
 * The title of a refusal in the reader's language, by its problem type (`/problems/<kind>`,
 * contracts/problem.ts); the server's English title where the catalogue has none for that kind.
 */
import type { TFunction } from 'i18next';

export function problemKind(type: string | undefined): string | undefined {
  const kind = type?.split('/').pop();
  return kind && /^[a-z-]+$/.test(kind) ? kind : undefined;
}

export function translatedProblemTitle(t: TFunction, problem: { type?: string; title: string }): string {
  const kind = problemKind(problem.type);
  return kind ? t(`common:problemType.${kind}`, { defaultValue: problem.title }) : problem.title;
}
