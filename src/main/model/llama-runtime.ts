// The one node-llama-cpp runtime of the process: created on first use, shared by every model.
import { getLlama, type Llama } from 'node-llama-cpp';

export type RuntimeBackend = 'metal' | 'cuda' | 'vulkan' | 'cpu';

export interface RuntimeInfo {
  backend: RuntimeBackend;
  deviceNames: string[];
  /** Bytes; absent on CPU. */
  vramTotal?: number;
  /** Bytes; absent on CPU. */
  vramFree?: number;
}

let runtime: Promise<Llama> | undefined;

/** The backend is chosen by node-llama-cpp (Metal, CUDA, Vulkan, else CPU). A failed start is retried next call. */
export function getLlamaRuntime(): Promise<Llama> {
  runtime ??= getLlama({ gpu: 'auto' }).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

export async function describeRuntime(): Promise<RuntimeInfo> {
  const llama = await getLlamaRuntime();
  if (llama.gpu === false) return { backend: 'cpu', deviceNames: [] };
  const [deviceNames, vram] = await Promise.all([llama.getGpuDeviceNames(), llama.getVramState()]);
  return { backend: llama.gpu, deviceNames, vramTotal: vram.total, vramFree: vram.free };
}
