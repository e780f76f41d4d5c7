// Checks a model file before llama.cpp sees it: a missing, foreign, truncated or corrupt file becomes a
// ModelError with a message a person can act on, never a crash inside the native loader.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { GgufInsights, readGgufFileInfo, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import { ModelError, type ModelErrorCode } from './turn.js';

const GGUF_MAGIC = 'GGUF';

/**
 * Throws ModelError (model_not_found, invalid_model_file, model_load_failed). Without `llama`, a slim
 * backend-less instance of node-llama-cpp answers the size and architecture questions.
 */
export async function checkModelFile(modelPath: string, llama?: Llama): Promise<GgufFileInfo> {
  const name = path.basename(modelPath);
  let size: number;
  let magic: string;
  try {
    const stats = await stat(modelPath);
    if (!stats.isFile())
      throw failure('invalid_model_file', `${modelPath} is not a file. Choose a .gguf model file.`);
    size = stats.size;
    magic = await readMagic(modelPath);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const text = `Model file not found: ${modelPath}. Check the path or download the model again.`;
      throw failure('model_not_found', text, error);
    }
    throw failure(
      'model_load_failed',
      `Cannot read ${name} (${describe(error)}). Check its permissions.`,
      error,
    );
  }
  if (magic !== GGUF_MAGIC) {
    const text = `${name} is not a GGUF model file (it does not start with "GGUF"). Choose a .gguf model file.`;
    throw failure('invalid_model_file', text);
  }

  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(modelPath, { logWarnings: false, sourceType: 'filesystem' });
  } catch (error) {
    const text = `${name} is damaged: its GGUF header cannot be read (${describe(error)}). Download it again.`;
    throw failure('invalid_model_file', text, error);
  }

  // readGgufFileInfo does not notice a file that ends early, so compare with the sizes it declares.
  const incomplete = failure(
    'invalid_model_file',
    `${name} is incomplete (${size} bytes; likely an interrupted download). Download it again.`,
  );
  if (info.infoEndOffset !== undefined && info.infoEndOffset > size) throw incomplete;
  let insights: GgufInsights;
  try {
    insights = await GgufInsights.from(info, llama);
  } catch (error) {
    const text = `${name} is damaged: its tensor table cannot be read (${describe(error)}). Download it again.`;
    throw failure('invalid_model_file', text, error);
  }
  if (info.splicedParts === 1 && (info.infoEndOffset ?? 0) + insights.modelSize > size) throw incomplete;
  if (!insights.isSupportedByLlamaCpp) {
    const arch = info.metadata.general?.architecture ?? 'unknown';
    const text =
      `${name} uses the model architecture "${arch}", which this version of llama.cpp cannot run. ` +
      'Choose another model, or update the app.';
    throw failure('invalid_model_file', text);
  }
  return info;
}

async function readMagic(modelPath: string): Promise<string> {
  const file = await open(modelPath, 'r');
  try {
    const buffer = Buffer.alloc(GGUF_MAGIC.length);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await file.close();
  }
}

function failure(code: ModelErrorCode, text: string, cause?: unknown): ModelError {
  return new ModelError(code, text, { cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
