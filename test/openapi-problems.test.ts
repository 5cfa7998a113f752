/**
 * Every problem `type` the API can answer is documented once, in the OpenAPI document and in
 * docs/integrators.md, and every documented type is one the code can emit: the kinds thrown as
 * `new HttpProblem('<kind>'` anywhere in api/, the workflow refusals mapped in api/temporal-errors.ts,
 * and the per-case problems of the bulk endpoints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROBLEM_KINDS, problemType } from '../contracts/problem';
import { problemTypeCatalogue } from '../contracts/problem-types';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function emittedKinds(): Set<string> {
  const kinds = new Set<string>();
  for (const file of sources(path.join(ROOT, 'api'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new HttpProblem\(\s*'([a-z-]+)'/g)) kinds.add(m[1]);
    for (const m of text.matchAll(/type: '\/problems\/([a-z-]+)'/g)) kinds.add(m[1]);
  }
  const mapping = /REJECTION_TO_PROBLEM[^=]*=\s*\{([^}]*)\}/.exec(fs.readFileSync(path.join(ROOT, 'api/temporal-errors.ts'), 'utf8'))?.[1] ?? '';
  for (const m of mapping.matchAll(/:\s*'([a-z-]+)'/g)) kinds.add(m[1]);
  return kinds;
}

describe('problem types', () => {
  it('are exactly the kinds the code can emit', () => {
    expect([...emittedKinds()].sort()).toEqual(Object.keys(PROBLEM_KINDS).sort());
  });

  it('are each listed once in the OpenAPI document with title, status and when, and as the enum of Problem.type', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8')) as {
      info: { description: string };
      components: { schemas: { Problem: { properties: { type: { enum: string[] } } } } };
    };
    const catalogue = problemTypeCatalogue();
    expect([...doc.components.schemas.Problem.properties.type.enum].sort()).toEqual((Object.keys(PROBLEM_KINDS) as (keyof typeof PROBLEM_KINDS)[]).map(problemType).sort());
    for (const p of catalogue) {
      const rows = doc.info.description.split('\n').filter((line) => line.startsWith(`| \`${p.type}\` |`));
      expect({ type: p.type, rows: rows.length }).toEqual({ type: p.type, rows: 1 });
      expect(rows[0]).toContain(`| ${p.status} | ${p.title} |`);
      expect(p.when.length).toBeGreaterThan(20);
    }
  });

  it('are each documented once in docs/integrators.md with status and title', () => {
    const guide = fs.readFileSync(path.join(ROOT, 'docs/integrators.md'), 'utf8');
    for (const p of problemTypeCatalogue()) {
      const rows = guide.split('\n').filter((line) => line.startsWith(`| \`${p.type}\` |`));
      expect({ type: p.type, rows: rows.length }).toEqual({ type: p.type, rows: 1 });
      expect(rows[0]).toContain(`| ${p.status} | ${p.title} |`);
    }
  });
});
