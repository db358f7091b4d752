import { shell, type Session, type WebContents } from 'electron';
import { isAllowedExternal } from './externalLinks';
import { APP_ORIGIN } from './ipc';

function openIfAllowed(url: string): void {
  if (isAllowedExternal(url)) void shell.openExternal(url);
}

/** No permission is ever granted (camera, notifications from the page, geolocation, …). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Writing to the clipboard (copy an identifier) is the one check our own page passes.
  session.setPermissionCheckHandler((_contents, permission, origin) => permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN);
}

/**
 * Every web contents stays on our page: navigation is cancelled, new windows are denied,
 * <webview> is refused; allow-listed links go to the user's browser instead.
 */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openIfAllowed(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
}
