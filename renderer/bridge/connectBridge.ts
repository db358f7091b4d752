import { createHttpBridge, type DeskBridge } from '../../src/api/bridge';

declare global {
  interface Window {
    /** Set by Electron's preload; in browser mode by connectBridge() below. */
    desk?: DeskBridge;
  }
}

/** Starts a download of a URL that already carries the token, as the named file. */
function downloadThroughAnchor(url: string, name: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/**
 * The bridge this page talks to. Electron's preload has already set `window.desk`; in
 * browser mode (`blocklist-desk serve`) the page was opened with `?token=…` and the
 * bridge is built over HTTP on the page's own origin. The token is then dropped from the
 * address bar so it does not end up in screenshots or the history's titles.
 */
export function connectBridge(): DeskBridge | { error: string } {
  if (window.desk) return window.desk;
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem('desk-token');
  if (!token) {
    return { error: 'This page was opened without its access token. Open the address that `blocklist-desk serve` printed.' };
  }
  sessionStorage.setItem('desk-token', token);
  const desk = createHttpBridge(window.location.origin, token, fetch.bind(globalThis), { download: downloadThroughAnchor });
  window.desk = desk;
  if (params.has('token')) {
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }
  return desk;
}
