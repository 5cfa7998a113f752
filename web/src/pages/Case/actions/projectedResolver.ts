import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * The contract schema as a form's resolver when the form holds more than one body: the values of the
 * fields on screen are turned into the body (only the chosen variant's keys, since the schemas are
 * strict), and that body is what the contract checks and what is sent.
 */
export function projectedResolver<TValues extends FieldValues, S extends z.ZodType>(
  schema: S,
  project: (values: TValues) => z.input<S>,
  extra?: (body: z.input<S>) => { field: string; message: string } | undefined,
): Resolver<TValues, unknown, z.output<S>> {
  const inner = zodResolver(schema as unknown as z.ZodObject) as unknown as Resolver<FieldValues, unknown, z.output<S>>;
  return async (values, context, options) => {
    const body = project(values);
    const result = await inner(body as FieldValues, context, options as unknown as Parameters<typeof inner>[2]);
    const more = extra?.(body);
    if (!more) return result as Awaited<ReturnType<Resolver<TValues, unknown, z.output<S>>>>;
    return { values: {}, errors: { ...result.errors, [more.field]: { type: 'required', message: more.message } } } as Awaited<ReturnType<Resolver<TValues, unknown, z.output<S>>>>;
  };
}
