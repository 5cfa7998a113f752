import fs from 'node:fs';
import path from 'node:path';
import { envSchema } from '../config/env';

describe('README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');

  it('lists every environment variable of the configuration schema, and no other', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('names the test command that CI runs', () => {
    const ci = fs.readFileSync(path.resolve(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(readme).toContain('npm test');
    expect(ci).toMatch(/^npm test$/m);
  });
});
