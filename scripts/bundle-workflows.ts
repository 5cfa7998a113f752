/**
 * Prebundles Handover's workflows into one file, so a worker starts without webpack. The production image
 * runs this at build time (`node dist/scripts/bundle-workflows.js`, writing dist/workflow-bundle.js); the
 * test setup can call `bundleHandoverWorkflows()` for the same options.
 *
 * The bundle carries Handover's failure converter (security/failure-converter.ts): workflow failures are
 * converted inside the sandbox, so without it their messages would reach the history in clear text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_CONVERTER_OPTIONS } from '../security/data-converter';
import { WORKFLOWS_PATH } from '../worker/create-worker';

export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };

/** The bundle's code: Handover's workflows with Handover's failure converter. */
export async function bundleHandoverWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...WORKFLOW_BUNDLE_CONVERTER_OPTIONS, logger: quietLogger });
  return code;
}

/**
 * The prebuilt bundle next to the compiled code (dist/workflow-bundle.js in the image), if any. Under
 * tsx (development) there is none on purpose: the worker bundles the current sources at start.
 */
export function findPrebuiltWorkflowBundle(): { codePath: string } | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const codePath = path.resolve(__dirname, '..', WORKFLOW_BUNDLE_FILE);
  return fs.existsSync(codePath) ? { codePath } : undefined;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join('dist', WORKFLOW_BUNDLE_FILE));
  const started = Date.now();
  const code = await bundleHandoverWorkflows();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  process.stdout.write(`Workflows bundled into ${out} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bundling workflows failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
