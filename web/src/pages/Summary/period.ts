import { z } from 'zod';

export const DEFAULT_PERIOD_DAYS = 30;

/** The outcome period as whole days back from now; the server takes any start, people think in days. */
export const PeriodSchema = z.object({ days: z.coerce.number().int().min(1).max(3650) });

export function periodDaysOf(param: string | null): number {
  const parsed = PeriodSchema.safeParse({ days: param ?? undefined });
  return parsed.success ? parsed.data.days : DEFAULT_PERIOD_DAYS;
}
