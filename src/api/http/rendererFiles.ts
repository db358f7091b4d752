import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { COMMON_HEADERS, CONTENT_SECURITY_POLICY } from './requestGuard';

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
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blocklist Desk</title></head>
<body><h1>Blocklist Desk</h1><p>The renderer is not built: run <code>npm run build</code>, then start <code>blocklist-desk serve</code> again.</p></body></html>
`;

/** The content type a renderer file is served with, by its extension. */
export function rendererContentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** What every HTML page of the renderer is sent with, in browser mode and under app:// alike. */
export const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': CONTENT_TYPES['.html'] as string,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
};

function htmlHeaders(): Record<string, string> {
  return { ...COMMON_HEADERS, ...HTML_PAGE_HEADERS, 'cache-control': 'no-store' };
}

/**
 * The file under `root` a URL path names, or null: decoded, normalised and kept inside
 * `root`; hidden files are never served.
 */
export function resolveRendererFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.posix.normalize(`/${decoded}`).slice(1);
  if (relative.split('/').some((part) => part.startsWith('.'))) return null;
  const file = path.resolve(root, relative === '' ? 'index.html' : relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * Serves the built renderer (Vite's `dist/renderer`). A path with no file behind it and
 * no extension gets index.html (the app's own routes); without a build, a page saying
 * how to make one.
 */
export function serveRendererFile(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): void {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    res.writeHead(200, htmlHeaders());
    res.end(headOnly ? undefined : NOT_BUILT_PAGE);
    return;
  }
  let file = resolveRendererFile(path.resolve(root), urlPath);
  let stat: fs.Stats | null = null;
  if (file !== null) {
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
    } catch {
      stat = null;
    }
  }
  if (file === null || stat === null) {
    if (path.extname(urlPath) !== '') {
      res.writeHead(404, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end(headOnly ? undefined : 'not found');
      return;
    }
    file = index;
    stat = fs.statSync(index);
  }
  const headers =
    path.extname(file).toLowerCase() === '.html' ? htmlHeaders() : { ...COMMON_HEADERS, 'content-type': rendererContentType(file), 'cache-control': 'no-cache' };
  res.writeHead(200, { ...headers, 'content-length': String(stat.size) });
  if (headOnly) {
    res.end();
    return;
  }
  // A file that cannot be read after its headers went out ends the response; unhandled, the error would stop the server.
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
