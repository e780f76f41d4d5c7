// The one node-llama-cpp runtime of the process: created on first use, shared by every model.
import os from 'node:os';
import { getLlama, getLlamaGpuTypes, type Llama } from 'node-llama-cpp';

export type RuntimeBackend = 'metal' | 'cuda' | 'vulkan' | 'cpu';

export interface RuntimeInfo {
  backend: RuntimeBackend;
  deviceNames: string[];
  /** Bytes; absent on CPU. */
  vramTotal?: number;
  /** Bytes; absent on CPU. */
  vramFree?: number;
  /** Bytes of system memory. */
  ramTotal: number;
  ramFree: number;
  /** Why no GPU is used, for a person; present only on CPU. */
  cpuFallbackReason?: string;
  /** GPU backends whose drivers were found on this machine (node-llama-cpp's `getLlamaGpuTypes`). */
  gpuTypesFound: RuntimeBackend[];
  /** True when GPU and CPU share memory (Apple silicon). */
  unifiedMemory: boolean;
}

let runtime: Promise<Llama> | undefined;

/** The backend is chosen by node-llama-cpp (Metal, CUDA, Vulkan, else CPU). A failed start is retried next call. */
export function getLlamaRuntime(): Promise<Llama> {
  runtime ??= getLlama({ gpu: 'auto' }).then(
    (llama) => {
      llama.maxThreads = cpuThreads(llama.gpu === false, llama.maxThreads, os.availableParallelism());
      return llama;
    },
    (error: unknown) => {
      runtime = undefined;
      throw error;
    },
  );
  return runtime;
}

/**
 * On CPU node-llama-cpp uses at least 4 threads; on a machine with fewer cores llama.cpp's threads then
 * spin on each other (measured on 2 cores: 3 s a token instead of 20 ms). Never more than the cores.
 * On a GPU (`maxThreads` 0: no limit) it is left as it is.
 */
export function cpuThreads(onCpu: boolean, current: number, cores: number): number {
  if (!onCpu || current === 0) return current;
  return Math.max(1, Math.min(current, cores));
}

export async function describeRuntime(): Promise<RuntimeInfo> {
  const llama = await getLlamaRuntime();
  const [ram, found] = await Promise.all([llama.getRamState(), gpuTypesFound()]);
  const base = { ramTotal: ram.total, ramFree: ram.free, gpuTypesFound: found };
  if (llama.gpu === false) {
    return {
      backend: 'cpu',
      deviceNames: [],
      cpuFallbackReason: cpuFallbackReason(found),
      unifiedMemory: false,
      ...base,
    };
  }
  const [deviceNames, vram] = await Promise.all([llama.getGpuDeviceNames(), llama.getVramState()]);
  return {
    backend: llama.gpu,
    deviceNames,
    vramTotal: vram.total,
    vramFree: vram.free,
    unifiedMemory: vram.unifiedSize > 0,
    ...base,
  };
}

async function gpuTypesFound(): Promise<RuntimeBackend[]> {
  try {
    const types = await getLlamaGpuTypes('supported');
    return types.filter((type) => type !== false);
  } catch {
    return [];
  }
}

/** Contract: explains a CPU runtime from what was detected, and says what would change it. */
export function cpuFallbackReason(found: readonly RuntimeBackend[]): string {
  if (found.length > 0) {
    return (
      `A ${found.join('/')} driver was found, but its llama.cpp backend did not start, so the CPU is used. ` +
      'Update the GPU driver (CUDA toolkit or Vulkan runtime) and restart the app.'
    );
  }
  if (process.platform === 'darwin' && os.arch() === 'x64')
    return 'Intel Macs have no Metal backend in the prebuilt llama.cpp, so the CPU is used.';
  return (
    'No supported GPU was found (checked for CUDA and Vulkan drivers), so the CPU is used. ' +
    'Install the NVIDIA driver with CUDA, or a Vulkan driver, to use a GPU.'
  );
}
