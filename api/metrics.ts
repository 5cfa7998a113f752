/**
 * GET /metrics of the API process, in the Prometheus text format (version 0.0.4), with prom-client and
 * a registry of this app's own (several apps in one process, as in the tests, never share a series).
 *
 * - handover_cases_open{stage}, handover_cases_overdue, handover_legal_clock_releases{outcome}: visibility
 *   counts across all countries, cached for a few seconds so a scrape storm cannot load Temporal; when
 *   Temporal does not answer they are left out and handover_visibility_up is 0.
 * - handover_http_request_duration_seconds{method,route,status}: every request, by route template.
 * - handover_case_action_duration_seconds{action,outcome}: case actions (workflow updates) as the caller saw them.
 * - prom-client's default process and Node.js metrics (CPU, memory, event-loop lag, GC, handles).
 *
 * No label carries a case id, a person, a token subject or a raw URL: routes are templates and
 * unmatched requests are one `unmatched` route. Notifications and the Temporal SDK's task metrics are
 * the worker's, on the worker's own /metrics (worker/metrics.ts), see docs/monitoring.md.
 */
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config/env';
import { MonitorService } from './monitor-service';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VISIBILITY_CACHE_MS = 10_000;

type VisibilityCounts = Awaited<ReturnType<MonitorService['metricCounts']>>;

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

/** The API's metrics in a registry of their own. */
export function createApiMetrics(counts: () => Promise<VisibilityCounts>): {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
  actions: Histogram<'action' | 'outcome'>;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let cached: { at: number; counts: Promise<VisibilityCounts | undefined> } | undefined;
  const scrapeErrors = new Counter({
    name: 'handover_visibility_scrape_errors_total',
    help: 'Visibility counts that failed during a scrape',
    registers: [registry],
    // Waits for this scrape's round, so a failure shows in the same scrape.
    async collect() {
      await current();
    },
  });
  /** One visibility round per cache period, shared by every gauge of the scrape; undefined when it failed. */
  const current = (): Promise<VisibilityCounts | undefined> => {
    if (cached && Date.now() - cached.at < VISIBILITY_CACHE_MS) return cached.counts;
    const round = counts().catch(() => {
      scrapeErrors.inc();
      cached = undefined;
      return undefined;
    });
    cached = { at: Date.now(), counts: round };
    return round;
  };

  new Gauge({
    name: 'handover_cases_open',
    help: 'Open cases by stage (visibility count)',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      const c = await current();
      this.reset();
      for (const [stage, n] of Object.entries(c?.openByStage ?? {})) this.set({ stage }, n);
    },
  });
  new Gauge({
    name: 'handover_cases_overdue',
    help: 'Open cases past a working SLA (visibility count)',
    registers: [registry],
    async collect() {
      const c = await current();
      if (c) this.set(c.overdue);
      else this.remove();
    },
  });
  new Gauge({
    name: 'handover_legal_clock_releases',
    help: 'Closed cases released because a legal clock ran out, by outcome (visibility count, within retention)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const c = await current();
      this.reset();
      for (const [outcome, n] of Object.entries(c?.legalClockReleases ?? {})) this.set({ outcome }, n);
    },
  });
  new Gauge({
    name: 'handover_visibility_up',
    help: '1 when the visibility counts above are current',
    registers: [registry],
    async collect() {
      this.set((await current()) ? 1 : 0);
    },
  });

  const requests = new Histogram({
    name: 'handover_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const actions = new Histogram({
    name: 'handover_case_action_duration_seconds',
    help: 'Case actions (workflow updates) from request to answer, by action and outcome (accepted or the problem status)',
    labelNames: ['action', 'outcome'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  return { registry, requests, actions };
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
  const { registry, requests, actions } = createApiMetrics(() => monitor.metricCounts());

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
        'Text exposition format 0.0.4: open and overdue cases by stage, legal-clock releases, HTTP and case-action ' +
        'durations, the Node.js process. No token, not rate limited; no label carries a case id or a person (docs/monitoring.md).',
      tags: ['health'],
      security: [],
    };
    app.get('/metrics', { schema, config: { rateLimit: false } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(body);
    });
  };
  // Hooks apply to the scope the plugin is registered in, not only to its own routes.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
