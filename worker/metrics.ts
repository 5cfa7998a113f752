/**
 * The worker's own /metrics, in the Prometheus text format: a registry of this process (prom-client's
 * default process and Node.js metrics, handover_notifications_sent_total) followed by the Temporal SDK's
 * worker metrics (task latencies, slots, polls; `temporal_*`), which the SDK's Rust core exports on a
 * loopback port of its own (worker/runtime.ts) and this listener passes through. One scrape target per
 * worker: HANDOVER_WORKER_METRICS_HOST:HANDOVER_WORKER_METRICS_PORT.
 */
import http from 'node:http';
import net from 'node:net';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { notificationCounter, type NotificationCounter } from '../activities/notification-metrics';

const SDK_SCRAPE_TIMEOUT_MS = 3_000;

export interface WorkerMetrics {
  registry: Registry;
  notificationsSent: NotificationCounter;
  /** This process's metrics, then the SDK's (when its exporter runs). */
  render(): Promise<string>;
}

/** `sdkMetricsPort`: the loopback port of the SDK's Prometheus exporter, when the runtime was installed with one. */
export function createWorkerMetrics(options: { sdkMetricsPort?: number } = {}): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const notificationsSent = notificationCounter(registry);
  const sdkUrl = options.sdkMetricsPort ? `http://127.0.0.1:${options.sdkMetricsPort}/metrics` : undefined;
  const sdkUp = new Gauge({
    name: 'handover_worker_sdk_metrics_up',
    help: "1 when the Temporal SDK's worker metrics below were read from its exporter, 0 when they are missing",
    registers: [registry],
  });

  const readSdk = async (): Promise<string> => {
    if (!sdkUrl) return '';
    try {
      const res = await fetch(sdkUrl, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`status ${res.status}`);
      return await res.text();
    } catch {
      return '';
    }
  };

  return {
    registry,
    notificationsSent,
    async render() {
      const sdk = await readSdk();
      sdkUp.set(sdk === '' ? 0 : 1);
      const own = await registry.metrics();
      return sdk === '' ? own : `${own.endsWith('\n') ? own : `${own}\n`}${sdk.endsWith('\n') ? sdk : `${sdk}\n`}`;
    },
  };
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** GET /metrics on host:port (port 0: any free port); every other path is 404. */
export async function serveWorkerMetrics(metrics: WorkerMetrics, where: { host: string; port: number }, logger: Logger): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.render().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(body),
      (err: unknown) => {
        logger.error({ err }, 'worker metrics failed');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/metrics`;
  logger.info({ url }, 'worker metrics listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port that was free a moment ago, for the SDK's exporter (it cannot report the port it bound). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
