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
  const cli = await ensureTemporalCli(say);
  const started = Date.now();
  const server = await startDevServer({ cli, namespace: TEST_NAMESPACE });
  say(`Temporal dev server at ${server.address} (namespace ${TEST_NAMESPACE}) in ${Date.now() - started} ms`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-test-'));
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  const codePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(codePath, code);
  say(`Workflows bundled (${Math.round(code.length / 1024)} KiB)\n`);

  process.env.HANDOVER_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.HANDOVER_TEST_NAMESPACE = TEST_NAMESPACE;
  process.env.HANDOVER_TEST_WORKFLOW_BUNDLE = codePath;
  process.env.HANDOVER_TEST_CLI = cli.path ?? '';
  process.env.HANDOVER_TEST_TMP = tmp;
  globalThis.__HANDOVER_TEST_SERVER__ = server;
  globalThis.__HANDOVER_TEST_TMP__ = tmp;
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };
