/**
 * The committed TypeScript client is what docs/openapi.json generates: `npm run client` into a fresh
 * folder writes exactly the committed schema.d.ts (docs/openapi.json itself is held against the served
 * document in openapi-document.test.ts), and the README shows the example that the round trip runs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const CLIENT = path.join(ROOT, 'clients', 'typescript');

describe('the committed TypeScript client', () => {
  it('is what `npm run client` generates from docs/openapi.json now', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-client-'));
    try {
      await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/client.ts', '--out', dir], { cwd: ROOT });
      const generated = fs.readFileSync(path.join(dir, 'schema.d.ts'), 'utf8');
      // A generator that wrote nothing useful would make the comparison vacuous.
      expect(generated).toContain('"/api/v1/cases/{caseId}": {');
      expect(generated).toContain('registerArrest: {');
      const committed = fs.readFileSync(path.join(CLIENT, 'schema.d.ts'), 'utf8');
      // Not toBe: a diff of a 6,000-line file buries the one line that says what to run.
      if (committed !== generated) throw new Error('clients/typescript/schema.d.ts differs from docs/openapi.json: run `npm run client`');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('README shows example.ts as it is', () => {
    const readme = fs.readFileSync(path.join(CLIENT, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(fs.readFileSync(path.join(CLIENT, 'example.ts'), 'utf8'));
  });
});
