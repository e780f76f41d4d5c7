// `local-coder models ...` and `--info`: the model library, catalog, fit check and downloads from a terminal.
// Exit codes: 0 done, 1 the operation failed (not found, no space, checksum...), 2 bad usage.
import path from 'node:path';
import type { Failure } from '../shared/result.js';
import { loadCatalog, resolveSource, sortBySize, type CatalogEntry } from './model/catalog.js';
import { parseCliArgs } from './cli-args.js';
import { formatSize, formatParameters } from './model/gguf-summary.js';

const USAGE = `usage: local-coder models <command> [options]
  list                          models in the library, with their metadata
  catalog                       the curated catalog
  fit <id|hf:uri|url|file>      will it fit on this machine (reads the GGUF header only);
                                --draft <id|hf:uri|url|file> counts a draft model and its context too
  download <id|hf:uri|url>      download into the library (resumes an interrupted download)
  import <file.gguf>            validate and copy a local GGUF into the library (--move to move it)
  delete <name>                 delete a model from the library
options: --models-dir DIR  --min-context N  --max-context N  --token HF_TOKEN  --json  --move  --draft M`;

export async function runModelsCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'models-dir': { type: 'string' },
      'min-context': { type: 'string' },
      'max-context': { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      move: { type: 'boolean', default: false },
      draft: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!parsed.ok) return usage(parsed.message);
  const { values, positionals } = parsed;
  const [command, arg] = positionals;
  if (values.help || !command) return usage(values.help ? undefined : 'a command is required');
  const { loadModelSettings } = await import('./model/library.js');
  const settings = await loadModelSettings();
  const modelsDir = values['models-dir'] ? path.resolve(values['models-dir']) : settings.modelsDir;
  for (const flag of ['min-context', 'max-context'] as const) {
    if (values[flag] !== undefined && intOption(values[flag]) === undefined)
      return usage(`--${flag} must be a positive whole number of tokens`);
  }
  const min = intOption(values['min-context']) ?? settings.context.min;
  const max = intOption(values['max-context']) ?? Math.max(settings.context.max, min);
  const out = (data: unknown, text: string): number => {
    process.stdout.write(values.json ? `${JSON.stringify(data)}\n` : `${text}\n`);
    return 0;
  };
  const needArg = (what: string): number => usage(`"${command}" needs ${what}`);
  const token = values.token ?? process.env.HF_TOKEN;

  switch (command) {
    case 'list': {
      const { listModels } = await import('./model/library.js');
      const models = await listModels(modelsDir);
      const lines = models.map((m) =>
        m.error
          ? `${m.fileName}  ${formatSize(m.sizeBytes)}  DAMAGED: ${m.error}`
          : `${m.fileName}  ${formatSize(m.sizeBytes)}  ${m.architecture} ${formatParameters(m.parameters ?? 0)} ` +
            `${m.quantization ?? '?'}  ctx ${m.trainContextSize ?? '?'}  ${m.chatTemplateFamily}` +
            `${m.supportsToolCalls ? '  tools' : ''}`,
      );
      return out(models, [`${modelsDir}:`, ...(lines.length ? lines : ['(no models)'])].join('\n'));
    }
    case 'catalog': {
      const catalog = await loadCatalog();
      if (!catalog.ok) return failed(catalog);
      const entries = sortBySize(catalog.entries);
      return out(entries, entries.map(describeEntry).join('\n'));
    }
    case 'fit': {
      if (!arg) return needArg('a catalog id, hf: URI, URL or file');
      const catalog = await loadCatalog();
      const source = resolveSource(arg, catalog.ok ? catalog.entries : []);
      const { checkFit } = await import('./model/fit.js');
      const target = source.kind === 'file' ? source.path : source.uri;
      const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
      const draft = values.draft ? resolveSource(values.draft, catalog.ok ? catalog.entries : []) : undefined;
      const result = await checkFit(target, {
        ...(draft ? { draftSource: draft.kind === 'file' ? draft.path : draft.uri } : {}),
        bounds: { min, max },
        hfToken: token,
        headers: source.kind === 'file' ? undefined : headers,
      });
      if (!result.ok) return failed(result);
      const fit = result.fit;
      return out(fit, `${fit.verdict}: ${fit.message}`);
    }
    case 'download': {
      if (!arg) return needArg('a catalog id, hf: URI or URL');
      const catalog = await loadCatalog();
      const source = resolveSource(arg, catalog.ok ? catalog.entries : []);
      if (source.kind === 'file') return usage(`${arg} is not a catalog id, hf: URI or http(s) URL`);
      const { downloadModel } = await import('./model/downloads.js');
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let lastLine = 0;
      const result = await downloadModel(
        { uri: source.uri, fileName: source.fileName, sha256: source.sha256 },
        {
          modelsDir,
          hfToken: token,
          signal: controller.signal,
          onProgress: (p) => {
            if (values.json)
              return void process.stdout.write(`${JSON.stringify({ type: 'download_progress', ...p })}\n`);
            const now = Date.now();
            if (p.status === 'downloading' && now - lastLine < 1000) return;
            lastLine = now;
            const pct = p.totalBytes ? ` ${((100 * p.downloadedBytes) / p.totalBytes).toFixed(1)}%` : '';
            const eta = p.etaSeconds === null ? '' : ` eta ${p.etaSeconds}s`;
            process.stderr.write(
              `${p.status}${pct} ${formatSize(p.downloadedBytes)}/${formatSize(p.totalBytes)} ` +
                `${formatSize(p.bytesPerSecond)}/s${eta}${p.message ? ` - ${p.message}` : ''}\n`,
            );
          },
        },
      );
      process.off('SIGINT', onSigint);
      if (!result.ok) return failed(result);
      return out(
        result,
        `${result.alreadyPresent ? 'already in the library' : 'downloaded'}: ${result.path}`,
      );
    }
    case 'import': {
      if (!arg) return needArg('a .gguf file');
      const { importModel } = await import('./model/library.js');
      const result = await importModel(arg, modelsDir, { move: values.move });
      if (!result.ok) return failed(result);
      return out(result.model, `imported: ${result.model.path}`);
    }
    case 'delete': {
      if (!arg) return needArg('a model name');
      const { deleteModel } = await import('./model/library.js');
      const result = await deleteModel(arg, modelsDir);
      if (!result.ok) return failed(result);
      return out(result, `deleted: ${result.path}`);
    }
    default:
      return usage(`unknown command "${command}"`);
  }
}

/** `--info`: backend, devices, memory, and why the CPU is used when it is. */
export async function printRuntimeInfo(options: { json?: boolean } = {}): Promise<void> {
  const { describeRuntime } = await import('./model/llama-runtime.js');
  const info = await describeRuntime();
  if (options.json) return void process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  const lines = [
    `backend: ${info.backend}`,
    `devices: ${info.deviceNames.length ? info.deviceNames.join(', ') : '(none)'}`,
    ...(info.vramTotal !== undefined
      ? [
          `vram: ${formatSize(info.vramFree ?? 0)} free of ${formatSize(info.vramTotal)}${info.unifiedMemory ? ' (unified)' : ''}`,
        ]
      : []),
    `ram: ${formatSize(info.ramFree)} free of ${formatSize(info.ramTotal)}`,
    ...(info.cpuFallbackReason ? [`cpu fallback: ${info.cpuFallbackReason}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describeEntry(e: CatalogEntry): string {
  return `${e.id}  ${e.parameters} ${e.quantization}  ${formatSize(e.sizeBytes)}  ctx ${e.contextLength}  ${e.license}  (${e.minMemoryGb} GB+)  ${e.description}`;
}

function intOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function failed(failure: Failure): number {
  process.stderr.write(`error: ${failure.message} [${failure.code}]\n`);
  return 1;
}

function usage(problem?: string): number {
  if (problem) process.stderr.write(`error: ${problem}\n`);
  process.stderr.write(`${USAGE}\n`);
  return problem ? 2 : 0;
}
