// Which links may leave the app. Only http(s) goes to the system browser; everything else (javascript:,
// data:, file:, relative paths) is shown as text and never opened; the same check as the main process's.
import { isWebUrl } from '../../../shared/web-url';

/** The IPC schema's limit for shell.openExternal: a longer address would be refused there. */
const MAX_URL_LENGTH = 2000;

/** The normalised address (punycode host, escaped path) when `url` is an absolute http(s) URL, else null. */
export function webLink(url: string | null | undefined): string | null {
  if (!url || !isWebUrl(url)) return null;
  const { href } = new URL(url);
  return href.length <= MAX_URL_LENGTH ? href : null;
}

/** The host a person should check before opening (user:pass@ prefixes are a classic disguise). */
export function linkHost(url: string): string {
  return new URL(url).host;
}
