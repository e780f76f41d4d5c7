// What the person names as a model served by an OpenAI-compatible engine (llama.cpp's llama-server,
// Ollama, LM Studio, vLLM): `openai:http://host:port/v1#model-name`. The model name may be left out when
// the server serves one model. The key never goes in the URL: it comes from the environment or settings.
import { ModelError } from '../turn.js';

export const ENGINE_PREFIX = 'openai:';

export interface EngineSpec {
  /** The API root as given, without a trailing slash (`http://127.0.0.1:8080/v1`). */
  baseUrl: string;
  /** `http://127.0.0.1:8080`: the only origin the backend talks to. */
  origin: string;
  /** The model to ask for; undefined: the server's only (or first loaded) model. */
  model?: string;
}

/** The key for a server: LOCAL_CODER_API_KEY, else OPENAI_API_KEY; none for a local engine. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LOCAL_CODER_API_KEY || env.OPENAI_API_KEY || undefined;
}

export function isEngineSpec(spec: string): boolean {
  return spec.startsWith(ENGINE_PREFIX);
}

/** Throws ModelError `invalid_server_url` saying what a valid spec looks like. */
export function parseEngineSpec(spec: string): EngineSpec {
  const rest = spec.slice(ENGINE_PREFIX.length);
  const hash = rest.indexOf('#');
  const urlText = hash < 0 ? rest : rest.slice(0, hash);
  const example = 'openai:http://127.0.0.1:8080/v1#model-name';
  let model: string | undefined;
  try {
    model = hash < 0 ? undefined : decodeURIComponent(rest.slice(hash + 1)).trim();
  } catch {
    throw new ModelError(
      'invalid_server_url',
      `The model name after # is not valid URL encoding (a % must be followed by two hex digits). Write it as ${example}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    // Not echoed when it may hold a key (a query, or a password before @).
    const shown = /[?@]/.test(urlText) ? 'The server address' : `"${urlText}"`;
    throw new ModelError('invalid_server_url', `${shown} is not a URL. Write the server as ${example}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelError(
      'invalid_server_url',
      `The server URL must start with http:// or https:// (got ${url.protocol}). Write it as ${example}.`,
    );
  }
  if (url.username || url.password) {
    throw new ModelError(
      'invalid_server_url',
      'Do not put a key or password in the server URL: it would show in logs and transcripts. Set ' +
        "LOCAL_CODER_API_KEY (or OPENAI_API_KEY) instead, or store the key in the window's Server settings.",
    );
  }
  if (url.search) {
    // Not echoed: a query is where people paste keys.
    throw new ModelError(
      'invalid_server_url',
      `The server URL takes no query (the part after "?"); a key goes in LOCAL_CODER_API_KEY, not the URL. Write it as ${example}.`,
    );
  }
  let base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  // The API root is where /chat/completions and /models live; people often paste the server's root.
  if (url.pathname === '/' || url.pathname === '') base = `${url.origin}/v1`;
  return { baseUrl: base, origin: url.origin, ...(model ? { model } : {}) };
}

/** For people: `model-name @ 127.0.0.1:8080`. */
export function engineLabel(spec: EngineSpec, model: string): string {
  return `${model} @ ${new URL(spec.origin).host}`;
}
