/**
 * The Grafana dashboard (deploy/grafana/dashboards/handover.json) against what the processes really
 * export: an API built with buildApp (its /metrics through app.inject) and a real worker on the test's
 * dev server with the Temporal runtime's Prometheus exporter on, behind the worker's own /metrics
 * listener (worker/metrics.ts). Cases are registered and screened first, so the action, notification and
 * task-latency series exist. Every metric a panel's query names must be among the exported series, and
 * every label it groups or filters by must be on that metric; Prometheus must scrape both processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HandoverApp } from '../api/app';
import { countNotifications } from '../activities/notification-metrics';
import { CaseWalker } from '../scripts/demo-seed';
import { createWorkerMetrics, freeLoopbackPort, serveWorkerMetrics, type MetricsListener, type WorkerMetrics } from '../worker/metrics';
import { installTemporalRuntime } from '../worker/runtime';
import { tokenFor } from './helpers/api';
import { testNotifications } from './helpers/case';
import { eventually, injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';
import { testLogger } from './helpers/temporal';

const ROOT = path.resolve(__dirname, '..');
const DASHBOARD = path.join(ROOT, 'deploy/grafana/dashboards/handover.json');

/** sample name → label names seen on it, from a text exposition. */
function seriesOf(text: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? /.exec(line);
    if (!m) continue;
    const labels = series.get(m[1]) ?? new Set<string>();
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(l[1]);
    series.set(m[1], labels);
  }
  return series;
}

// PromQL words that are not metric names (functions, aggregations, keywords).
const PROMQL_WORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'histogram_quantile', 'abs', 'ceil', 'floor', 'round',
  'clamp_min', 'clamp_max', 'absent', 'vector', 'scalar', 'time', 'label_replace', 'sort', 'sort_desc',
  'avg_over_time', 'max_over_time', 'min_over_time', 'sum_over_time', 'last_over_time', 'changes', 'resets', 'e', 'inf', 'nan',
]);

/** Labels Prometheus puts on every series of a target (deploy/prometheus/prometheus.yml). */
const TARGET_LABELS = new Set(['job', 'instance']);

interface Query {
  panel: string;
  expr: string;
  metrics: string[];
  /** Label names the query groups or filters by. */
  labels: string[];
}

/** Metric names and label names a PromQL expression uses. */
function parseQuery(panel: string, expr: string): Query {
  const labels = new Set<string>();
  let rest = expr
    .replace(/\$__\w+|\$\{?\w+\}?/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_m, _k: string, names: string) => {
      for (const n of names.split(',').map((s) => s.trim()).filter(Boolean)) labels.add(n);
      return ' ';
    })
    .replace(/\{([^}]*)\}/g, (_m, matchers: string) => {
      for (const l of matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)) labels.add(l[1]);
      return ' ';
    });
  rest = rest.replace(/"[^"]*"/g, ' ').replace(/\b\d+(\.\d+)?\b/g, ' ');
  const metrics = [...new Set([...rest.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w)))];
  labels.delete('le');
  return { panel, expr, metrics, labels: [...labels] };
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

function dashboardQueries(): { panels: Panel[]; queries: Query[] } {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
  const queries = panels.flatMap((p) => (p.targets ?? []).filter((t) => t.expr).map((t) => parseQuery(p.title, t.expr!)));
  return { panels, queries };
}

describe('Grafana dashboard against the exported series', () => {
  let iso: IsolatedApi;
  let app: HandoverApp;
  let workerMetrics: WorkerMetrics;
  let listener: MetricsListener;

  beforeAll(async () => {
    // Before any other use of the runtime in this file: the SDK's exporter on a loopback port.
    const sdkMetricsPort = await freeLoopbackPort();
    installTemporalRuntime(testLogger, { sdkMetricsPort });
    workerMetrics = createWorkerMetrics({ sdkMetricsPort });
    const { activityDeps } = testNotifications();
    iso = await startIsolatedApi({
      prefix: 'handover-metrics',
      activityDeps: { ...activityDeps, notifier: countNotifications(activityDeps.notifier, workerMetrics.notificationsSent) },
    });
    listener = await serveWorkerMetrics(workerMetrics, { host: '127.0.0.1', port: 0 }, testLogger);
    app = await iso.app({ HANDOVER_DAY_SECONDS: '600' });
    const walk = new CaseWalker(injectApi(app), (role, country) => tokenFor(role, country));
    // Reaches approvals: registration, screening and verification are case actions, approvals notify.
    const caseId = await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `MET-${Date.now()}` });
    if (!caseId) throw new Error('the case was not created');
  });

  afterAll(async () => {
    await listener?.close();
    await iso?.stop();
  });

  async function apiText(): Promise<string> {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  }

  async function workerText(): Promise<string> {
    const res = await fetch(listener.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  }

  it("serves the worker's own metrics with the SDK's task latencies behind them", async () => {
    const text = await eventually(async () => {
      const t = await workerText();
      return /^handover_notifications_sent_total\{kind="approval-requested"\} [1-9]/m.test(t) && /^temporal_workflow_task_execution_latency_bucket\{/m.test(t) ? t : undefined;
    }, 'notifications counted and task latencies exported');
    expect(text).toMatch(/^handover_worker_sdk_metrics_up 1$/m);
    expect(text).toMatch(/^handover_notifications_sent_total\{kind="escalation"\} 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    expect(text).not.toMatch(/case-[A-Z]{2}-\d{4}-/);
    expect(text).not.toMatch(/Demo Person/);
    const families = [...new Set([...text.matchAll(/^# TYPE (temporal_\w+)/gm)].map((m) => m[1]))];
    process.stdout.write(`[metrics test] Temporal SDK families: ${families.join(', ')}\n`);
    expect((await fetch(listener.url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it("leaves notifications out of the API's /metrics: each process exports its own", async () => {
    const text = await apiText();
    expect(text).toMatch(/^handover_case_action_duration_seconds_count\{action="screening",outcome="accepted"\} [1-9]/m);
    expect(text).not.toMatch(/handover_notifications_sent_total|temporal_/);
  });

  it('names in its queries only series that the API and the worker export, with their labels', async () => {
    const exported = seriesOf(`${await apiText()}\n${await workerText()}`);
    const { panels, queries } = dashboardQueries();
    expect(panels.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const q of queries) {
      if (q.metrics.length === 0) problems.push(`${q.panel}: no metric in ${q.expr}`);
      for (const metric of q.metrics) if (!exported.has(metric)) problems.push(`${q.panel}: ${metric} is not exported`);
      for (const label of q.labels.filter((l) => !TARGET_LABELS.has(l))) {
        if (!q.metrics.some((m) => exported.get(m)?.has(label))) problems.push(`${q.panel}: no metric of ${q.expr} has the label ${label}`);
      }
    }
    process.stdout.write(`[metrics test] ${panels.length} panels, ${queries.length} queries, ${new Set(queries.flatMap((q) => q.metrics)).size} series checked\n`);
    expect(problems).toEqual([]);
  });

  it('shows cases by stage, overdue, legal-clock releases, action latency and worker task latency', () => {
    const { panels, queries } = dashboardQueries();
    for (const p of panels) expect({ panel: p.title, targets: (p.targets ?? []).length > 0 }).toEqual({ panel: p.title, targets: true });
    const uses = (metric: string) => queries.some((q) => q.metrics.includes(metric));
    for (const metric of [
      'handover_cases_open',
      'handover_cases_overdue',
      'handover_legal_clock_releases',
      'handover_case_action_duration_seconds_bucket',
      'handover_notifications_sent_total',
    ]) {
      expect({ metric, used: uses(metric) }).toEqual({ metric, used: true });
    }
    expect(queries.some((q) => q.metrics.some((m) => /^temporal_.*task.*latency.*_bucket$/.test(m)))).toBe(true);
  });
});
