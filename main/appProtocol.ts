import { protocol } from 'electron';
import { rendererResponse } from './rendererResponse';

export const APP_SCHEME = 'app';

/**
 * Must run before the app is ready: app:// behaves as a standard, secure origin.
 * corsEnabled because Vite's build loads its module scripts with `crossorigin`, and
 * Chromium refuses CORS-mode requests to a scheme not marked as supporting CORS.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves the built renderer at app://desk/ (instead of file://, which would give the page the whole disk's origin). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
}
