import fs from 'node:fs';
import path from 'node:path';
import { NOT_BUILT_PAGE, resolveRendererFile } from '../src/api/http/rendererFiles';
import { CONTENT_SECURITY_POLICY } from '../src/api/http/requestGuard';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

function html(body: string | Buffer, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': CONTENT_TYPES['.html'] as string, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
  });
}

/**
 * What `app://desk/<path>` answers: a file of the built renderer (no file:// anywhere),
 * index.html for the app's own routes, the same CSP as browser mode on every page. Pure
 * but for reading files, so it runs under Node too.
 */
export async function rendererResponse(rendererDir: string, requestUrl: string, appHost = 'desk'): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== appHost) return new Response('not found', { status: 404 });
  const root = path.resolve(rendererDir);
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) return html(NOT_BUILT_PAGE);
  let file = resolveRendererFile(root, url.pathname);
  if (file !== null && !(await isFile(file))) file = path.extname(url.pathname) === '' ? index : null;
  if (file === null) return new Response('not found', { status: 404 });
  const body = await fs.promises.readFile(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html') return html(body);
  return new Response(body, { headers: { 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' } });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
