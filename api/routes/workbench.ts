/**
 * The web workbench (web/, built by Vite into web/dist): hashed assets with long caching, and the page
 * itself for every other GET that is not an API path, so a bookmarked /cases?stage=approvals opens.
 * Files are listed once at start (@fastify/static without its wildcard route), so no request path ever
 * reaches the file system; an unknown /api/* path is the API's problem+json 404, never the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { HttpProblem } from '../problem';

/** Paths the page never answers: the API and the server's own endpoints. */
const SERVER_PATHS = /^\/(api|auth|docs|openapi\.json|codec|healthz|readyz|metrics)(\/|$|\?)/;

/** True for a GET the workbench answers with its page or one of its hashed files, never a server path. */
export function isWorkbenchRequest(request: { method: string; url: string; routeOptions: { url?: string } }): boolean {
  const route = request.routeOptions.url ?? '';
  if (request.method !== 'GET') return false;
  if (route.startsWith('/assets/') || route === '/') return true;
  return route === '/*' && !SERVER_PATHS.test(request.url);
}

/** web/dist beside the sources (tsx, tests) or beside dist/ (compiled, the image). */
export function findWorkbenchRoot(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../web/dist'), path.resolve(__dirname, '../../../web/dist')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

export function workbenchRoutes(options: { root?: string } = {}): FastifyPluginAsync {
  return async (app) => {
    const root = options.root ?? findWorkbenchRoot();
    if (!root) {
      app.log.warn('the workbench is not built (web/dist is missing): run `npm run build:web`');
      app.get('/', { schema: { hide: true } }, async () => {
        throw new HttpProblem('not-found', 'The workbench is not built on this server; the API is at /api/v1 and /docs');
      });
      return;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      serveDotFiles: false,
      // Hashed file names change with their content; the page itself is revalidated on every load so a
      // new deployment is picked up at once.
      setHeaders: (reply, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const page = { schema: { hide: true }, config: { rateLimit: false } } as const;
    app.get('/', page, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
    app.get('/*', page, async (request, reply) => {
      if (SERVER_PATHS.test(request.url) || path.extname(request.url.split('?')[0] ?? '') !== '') return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  };
}
