/**
 * One Temporal dev server for the whole jest run (free port, in-memory database), shared by every
 * suite; each suite starts its own real workers against it. Workflows are bundled once here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureTemporalCli } from '../../temporal/cli';
import { startDevServer, type EmbeddedServer } from '../../temporal/server';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

export const TEST_NAMESPACE = 'handover-test';

declare global {
  var __HANDOVER_TEST_SERVER__: EmbeddedServer | undefined;
  var __HANDOVER_TEST_TMP__: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  const say = (line: string) => process.stderr.write(`\n[test setup] ${line}`);
  // An existing cluster given from outside (npm run test:cluster): its namespace is already registered.
  const external = process.env.HANDOVER_TEST_TEMPORAL_ADDRESS;
  let server: EmbeddedServer | undefined;
  let cliPath = '';
  let namespace = process.env.HANDOVER_TEST_NAMESPACE ?? TEST_NAMESPACE;
  if (external) {
    say(`Temporal cluster at ${external} (namespace ${namespace}), started outside the suite`);
  } else {
    const cli = await ensureTemporalCli(say);
    cliPath = cli.path ?? '';
    namespace = TEST_NAMESPACE;
    const started = Date.now();
    server = await startDevServer({ cli, namespace });
    say(`Temporal dev server at ${server.address} (namespace ${namespace}) in ${Date.now() - started} ms`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-test-'));
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  const codePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(codePath, code);
  say(`Workflows bundled (${Math.round(code.length / 1024)} KiB)\n`);

  process.env.HANDOVER_TEST_TEMPORAL_ADDRESS = server?.address ?? external;
  process.env.HANDOVER_TEST_NAMESPACE = namespace;
  process.env.HANDOVER_TEST_WORKFLOW_BUNDLE = codePath;
  process.env.HANDOVER_TEST_CLI = cliPath;
  process.env.HANDOVER_TEST_TMP = tmp;
  globalThis.__HANDOVER_TEST_SERVER__ = server;
  globalThis.__HANDOVER_TEST_TMP__ = tmp;
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };
