/**
 * GET /metrics in the Prometheus text exposition format (version 0.0.4), written here rather than with
 * a client library: a handful of histograms, counters and gauges is all Handover needs.
 *
 * - handover_cases_open{stage}, handover_cases_overdue, handover_legal_clock_releases{outcome}: visibility
 *   counts across all countries, cached for a few seconds so a scrape storm cannot load Temporal.
 * - handover_notifications_sent_total{kind}: notifications delivered by a worker in this process
 *   (escalations, overdue, legal-clock-expired ...). Zero in an API-only process.
 * - handover_http_request_duration_seconds{method,route,status}: every request, by route template.
 * - handover_case_action_duration_seconds{action,outcome}: case actions (workflow updates) as the caller saw them.
 *
 * No label carries a case id, a person, a token subject or a raw URL: routes are templates and
 * unmatched requests are one `unmatched` route. The Temporal SDK's worker metrics are a separate
 * endpoint: the runtime's Prometheus exporter (worker/runtime.ts `metricsPort`), see docs/monitoring.md.
 */
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notificationsSent } from '../activities/notification-metrics';
import type { Config } from '../config/env';
import { MonitorService } from './monitor-service';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VISIBILITY_CACHE_MS = 10_000;

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function num(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : value.toString();
}

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = HTTP_BUCKETS,
  ) {}

  observe(labels: Labels, seconds: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, buckets: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.buckets.forEach((le, i) => {
      if (seconds <= le) s.buckets[i] += 1;
    });
    s.sum += seconds;
    s.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: num(le) })} ${s.buckets[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${num(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

function simple(type: 'gauge' | 'counter', name: string, help: string, samples: [Labels, number][]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labelText(labels)} ${num(value)}`)].join('\n');
}

/** Segment of a case action route (`/api/v1/cases/:caseId/approvals` → `approvals`), or undefined. */
function caseActionOf(request: FastifyRequest): string | undefined {
  if (request.method !== 'POST') return undefined;
  const match = /^\/api\/v1\/cases\/:caseId\/([a-z-]+)$/.exec(request.routeOptions.url ?? '');
  return match?.[1];
}

export interface MetricsPluginOptions {
  client: Client;
  namespace: string;
  config: Pick<Config, 'HANDOVER_DAY_SECONDS' | 'HANDOVER_MONITOR_HORIZON_DAYS'>;
}

/**
 * Registers GET /metrics and an onResponse hook on the scope it is registered in (it skips fastify's
 * encapsulation, like fastify-plugin), so register it at the root to observe every route.
 */
export function metricsPlugin(options: MetricsPluginOptions): FastifyPluginAsync {
  const monitor = new MonitorService({
    client: options.client,
    namespace: options.namespace,
    dayMs: options.config.HANDOVER_DAY_SECONDS * 1000,
    horizonDays: options.config.HANDOVER_MONITOR_HORIZON_DAYS,
    deadlineMs: 5_000,
  });
  const requests = new Histogram('handover_http_request_duration_seconds', 'HTTP requests by method, route template and status code');
  const actions = new Histogram(
    'handover_case_action_duration_seconds',
    'Case actions (workflow updates) from request to answer, by action and outcome (accepted or the problem status)',
  );
  let cached: { at: number; text: Promise<string> } | undefined;
  let scrapeErrors = 0;

  const visibility = (): Promise<string> => {
    if (cached && Date.now() - cached.at < VISIBILITY_CACHE_MS) return cached.text;
    const text = monitor.metricCounts().then(
      (c) =>
        [
          simple('gauge', 'handover_cases_open', 'Open cases by stage (visibility count)', Object.entries(c.openByStage).map(([stage, n]) => [{ stage }, n])),
          simple('gauge', 'handover_cases_overdue', 'Open cases past a working SLA (visibility count)', [[{}, c.overdue]]),
          simple(
            'gauge',
            'handover_legal_clock_releases',
            'Closed cases released because a legal clock ran out, by outcome (visibility count, within retention)',
            Object.entries(c.legalClockReleases).map(([outcome, n]) => [{ outcome }, n]),
          ),
          simple('gauge', 'handover_visibility_up', '1 when the visibility counts above are current', [[{}, 1]]),
        ].join('\n'),
      () => {
        scrapeErrors += 1;
        cached = undefined;
        return simple('gauge', 'handover_visibility_up', '1 when the visibility counts above are current', [[{}, 0]]);
      },
    );
    cached = { at: Date.now(), text };
    return text;
  };

  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      const seconds = reply.elapsedTime / 1000;
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
      const action = caseActionOf(request);
      if (action) actions.observe({ action, outcome: reply.statusCode < 300 ? 'accepted' : String(reply.statusCode) }, seconds);
    });

    const schema = {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics of this API process',
      description:
        'Text exposition format 0.0.4: open and overdue cases by stage, legal-clock releases, notifications sent, HTTP and ' +
        'case-action durations. No token, not rate limited; no label carries a case id or a person (docs/monitoring.md).',
      tags: ['health'],
      security: [],
    };
    app.get('/metrics', { schema, config: { rateLimit: false } }, async (_request, reply) => {
      const sent = notificationsSent.snapshot();
      const body = [
        await visibility(),
        simple('counter', 'handover_visibility_scrape_errors_total', 'Visibility counts that failed during a scrape', [[{}, scrapeErrors]]),
        simple(
          'counter',
          'handover_notifications_sent_total',
          'Notifications delivered by the worker in this process, by kind (escalation, overdue, legal-clock-expired, ...)',
          Object.entries(sent).map(([kind, n]) => [{ kind }, n]),
        ),
        requests.render(),
        actions.render(),
      ].join('\n');
      return reply.type(METRICS_CONTENT_TYPE).header('cache-control', 'no-store').send(`${body}\n`);
    });
  };
  // Hooks apply to the scope the plugin is registered in, not only to its own routes.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
