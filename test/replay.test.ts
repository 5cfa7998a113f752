/**
 * Replays histories of real case runs against the current workflow code. A change that would make a
 * running case take another path on its next worker fails here first.
 *
 * The fixtures come from the case suites: `HANDOVER_SAVE_HISTORIES=1 npx jest test/case-` rewrites
 * test/fixtures/histories/*.json. Regenerate them only for a change that is compatible (or patched with
 * `patched()`), and keep at least one history from before such a change: v1-*.json are from before the
 * registration-at-input-time patch, and are kept as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { installTemporalRuntime } from '../worker/runtime';
import { testLogger } from './helpers/temporal';

const HISTORIES = path.join(__dirname, 'fixtures', 'histories');

function loadHistories() {
  return fs
    .readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: path.basename(file, '.json'),
      // fromObject rather than the SDK's historyFromJSON: with two protobufjs copies installed (one for
      // @temporalio/common, one for @temporalio/proto) historyFromJSON fails with "type must be a Type".
      history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8'))),
    }));
}

function workflowBundle(): { codePath: string } {
  const codePath = process.env.HANDOVER_TEST_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('HANDOVER_TEST_WORKFLOW_BUNDLE is not set: run through jest');
  return { codePath };
}

const silent = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined };

describe('replay of saved case histories', () => {
  const histories = loadHistories();
  // The replay workers log through the test logger (quiet unless HANDOVER_TEST_LOG_LEVEL says otherwise).
  beforeAll(() => installTemporalRuntime(testLogger));

  it('has histories of the main paths to replay', () => {
    expect(histories.map((h) => h.workflowId)).toEqual(
      expect.arrayContaining(['deportation-direct', 'deportation-transit', 'extradition', 'rejection-returns', 'take-over-abandoned', 'assignment']),
    );
  });

  it('keeps histories from before the registration-at-input-time patch (v1-*) and from after it (with its marker)', () => {
    const hasPatchMarker = (h: (typeof histories)[number]) =>
      (h.history.events ?? []).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    const before = histories.filter((h) => h.workflowId.startsWith('v1-'));
    const after = histories.filter((h) => !h.workflowId.startsWith('v1-') && !h.workflowId.startsWith('operation-'));
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.filter(hasPatchMarker)).toEqual([]);
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(after.filter((h) => !hasPatchMarker(h)).map((h) => h.workflowId)).toEqual([]);
  });

  it('replays every history against the current workflow code', async () => {
    const results: { workflowId: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: workflowBundle(), replayName: 'case-replay' }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: undefined })));
  });

  it('fails with a DeterminismViolationError when the workflow changed incompatibly', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/incompatible-workflows'),
      logger: silent,
    });
    const history = histories.find((h) => h.workflowId === 'deportation-direct')!;
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code }, replayName: 'case-replay-incompatible' }, history.history, history.workflowId),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
