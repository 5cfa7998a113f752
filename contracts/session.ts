/** GET /api/v1/me: who the API takes the caller to be, for the workbench's header and its choices. */
import { z } from 'zod';
import { CountrySchema, RoleSchema } from './common';

export const MeSchema = z
  .object({
    id: z.string().describe("The token's subject: the id recorded on every action"),
    name: z.string().describe('Display name; never stored or logged'),
    role: RoleSchema,
    country: CountrySchema,
  })
  .meta({ id: 'Me' });
export type Me = z.output<typeof MeSchema>;
