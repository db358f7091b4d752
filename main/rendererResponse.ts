import fs from 'node:fs';
import path from 'node:path';
import { HTML_PAGE_HEADERS, NOT_BUILT_PAGE, rendererContentType, resolveRendererFile } from '../src/api/http/rendererFiles';

function html(body: string | Buffer, status = 200): Response {
  return new Response(body, { status, headers: HTML_PAGE_HEADERS });
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
  if (path.extname(file).toLowerCase() === '.html') return html(body);
  return new Response(body, { headers: { 'content-type': rendererContentType(file), 'x-content-type-options': 'nosniff' } });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
