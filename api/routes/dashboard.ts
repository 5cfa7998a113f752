/**
 * The web dashboard (web/): `/` answers web/index.html, `/ui/<file>` the scripts, styles and message
 * catalogues. Plain files, no build step. They are read once at start into memory (a few dozen KiB) and
 * only files found then can be served, so no request path ever reaches the file system.
 *
 * The dashboard is public code; everything it shows comes from the API with the user's own token.
 * Helmet's Content-Security-Policy stays as it is: the page has no inline script or style.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** web/ beside the sources (tsx, tests) or beside dist/ (compiled). */
export function findWebRoot(): string {
  const candidates = [path.resolve(__dirname, '../../web'), path.resolve(__dirname, '../../../web')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`The dashboard files (web/index.html) are missing; looked in ${candidates.join(', ')}`);
  return found;
}

function loadFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      const type = CONTENT_TYPES[path.extname(entry.name)];
      if (!entry.isFile() || !type) continue;
      const body = fs.readFileSync(full);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      files.set(path.relative(root, full).split(path.sep).join('/'), { body, type, etag });
    }
  };
  walk(root);
  return files;
}

export function dashboardRoutes(options: { root?: string } = {}): FastifyPluginAsync {
  return async (app) => {
    const files = loadFiles(options.root ?? findWebRoot());
    const send = (file: StaticFile | undefined, ifNoneMatch: string | undefined, reply: FastifyReply) => {
      if (!file) return reply.callNotFound();
      // Revalidate every time: a new deployment is picked up at once, an unchanged file costs a 304.
      void reply.header('cache-control', 'no-cache').header('etag', file.etag);
      if (ifNoneMatch === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    };

    app.get('/', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) =>
      send(files.get('index.html'), request.headers['if-none-match'], reply),
    );
    app.get<{ Params: { '*': string } }>('/ui/*', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) =>
      send(files.get(request.params['*']), request.headers['if-none-match'], reply),
    );
  };
}
