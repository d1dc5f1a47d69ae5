import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ModuloError } from '../../core/errors.js';

/** Where `make explorer` (vite build) writes the explorer; a gitignored build output. */
export const EXPLORER_DIR = fileURLToPath(new URL('../../build/explorer/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Every file under `dir` by its URL path ('index.html', 'assets/x.js'); empty when `dir` does not exist. */
function listFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path).split(sep).join('/'), path);
  }
  return out;
}

/**
 * GET /explorer/…: the explorer's built files. Only files found in the build directory are served (the
 * URL is looked up in a listing, never joined onto a path), so nothing outside it can be reached. The
 * listing is read again when a file is missing, so a rebuild is picked up without a restart. Hashed
 * assets are cached for good; index.html is revalidated.
 */
export function explorerStaticRoutes(app: FastifyInstance, dir = EXPLORER_DIR): void {
  let files = listFiles(dir);
  const find = (path: string) => {
    if (!files.has(path)) files = listFiles(dir);
    return files.get(path);
  };
  app.get('/explorer', { config: { rateLimit: false }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/explorer/'));
  app.get<{ Params: { '*': string } }>('/explorer/*', { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    const path = request.params['*'] === '' ? 'index.html' : request.params['*'];
    const file = find(path);
    if (file === undefined) {
      const why = find('index.html') === undefined ? `the explorer is not built (${dir}): run make explorer` : `no file ${path} in the explorer`;
      throw new ModuloError('NOT_FOUND', why, { path });
    }
    reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    reply.header('cache-control', path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(readFileSync(file));
  });
}
