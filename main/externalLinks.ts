/**
 * The only addresses the app opens in the user's browser (a link in the page, a
 * window.open): Netcore's documentation, over https. Everything else is dropped, so a
 * crafted value shown in the UI cannot launch arbitrary URLs or local programs.
 */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['https://cedocs.netcorecloud.com/', 'https://netcorecloud.com/', 'https://www.netcorecloud.com/'];

export function isAllowedExternal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return EXTERNAL_ALLOW_LIST.some((prefix) => parsed.href.startsWith(prefix));
}
