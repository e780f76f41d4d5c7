// Turns what node-llama-cpp, ipull and fetch throw into a short code and a message a person can act on.
import { fail, type Failure } from '../../shared/result.js';

export type RemoteErrorCode = 'not_found' | 'auth_required' | 'no_network' | 'download_failed';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The HTTP status inside an error from ipull (`statusCode`) or node-llama-cpp's GGUF reader (message). */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number') return status;
  const message = error instanceof Error ? error.message : String(error);
  const match = /(?:fetch byte range: |Status code: |status code |\b)(\d{3})\b(?: |,|$)/.exec(message);
  const code = match ? Number(match[1]) : undefined;
  return code !== undefined && code >= 400 && code < 600 ? code : undefined;
}

/** A network-level failure (no route, refused, reset, DNS), looking through `cause` chains. */
export function isNetworkError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (e instanceof Error && /fetch failed|socket hang up|terminated/i.test(e.message)) return true;
  }
  return false;
}

export function classifyRemoteError(error: unknown, uri: string): Failure<RemoteErrorCode> {
  const status = httpStatusOf(error);
  if (status === 404 || status === 410)
    return fail('not_found', `Not found: ${uri} (HTTP ${status}). Check the model URI or file name.`);
  if (status === 401 || status === 403) {
    return fail(
      'auth_required',
      `Access to ${uri} was refused (HTTP ${status}). The model may be gated or private: accept its licence ` +
        'on Hugging Face and set a token (HF_TOKEN or --token).',
    );
  }
  if (status !== undefined)
    return fail('download_failed', `The server answered HTTP ${status} for ${uri}. Try again later.`);
  if (isNetworkError(error)) {
    return fail(
      'no_network',
      `Cannot reach ${hostOf(uri)}. Check the network connection (or proxy) and try again.`,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return fail('download_failed', `Could not fetch ${uri}: ${detail}`);
}

function hostOf(uri: string): string {
  if (uri.startsWith('hf:')) return 'huggingface.co';
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}
