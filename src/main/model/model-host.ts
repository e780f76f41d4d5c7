// Holds the one loaded model of the process. Switching unloads the old model before loading the new
// one, so two never hold memory at once; a failed load leaves nothing loaded. Loads run one at a time.
import { ModelError } from './turn.js';
import { loadLlamaModel, type LlamaAgentModel, type LoadLlamaModelOptions } from './llama-model.js';

export type ModelHostState =
  | { status: 'empty' }
  | { status: 'loading'; modelPath: string; progress: number }
  | {
      status: 'loaded';
      modelPath: string;
      contextSize: number;
      chatWrapper: string;
      /** The speculation settings it was loaded with (a change loads it again). */
      speculationKey: string;
      /** What speculates: lookup, a draft (its file name), or null. */
      speculation: { kind: 'lookup' | 'draft'; draftModel?: string } | null;
    }
  | { status: 'failed'; modelPath: string; code: string; message: string };

export class ModelHost {
  private current: LlamaAgentModel | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private state: ModelHostState = { status: 'empty' };

  constructor(private readonly onState: (state: ModelHostState) => void = () => {}) {}

  get model(): LlamaAgentModel | undefined {
    return this.current;
  }

  get status(): ModelHostState {
    return this.state;
  }

  /** Unloads the current model, then loads `options.modelPath`. Throws ModelError like loadLlamaModel. */
  load(options: LoadLlamaModelOptions & { speculationKey?: string }): Promise<LlamaAgentModel> {
    return this.enqueue(async () => {
      await this.release();
      this.setState({ status: 'loading', modelPath: options.modelPath, progress: 0 });
      try {
        this.current = await loadLlamaModel({
          ...options,
          onLoadProgress: (progress) => {
            options.onLoadProgress?.(progress);
            this.setState({ status: 'loading', modelPath: options.modelPath, progress });
          },
        });
      } catch (error) {
        const code = error instanceof ModelError ? error.code : 'model_load_failed';
        this.setState({
          status: 'failed',
          modelPath: options.modelPath,
          code,
          message: (error as Error).message,
        });
        throw error;
      }
      this.setState({
        status: 'loaded',
        modelPath: this.current.modelPath,
        contextSize: this.current.contextSize,
        chatWrapper: this.current.chatWrapperName,
        speculationKey: options.speculationKey ?? '',
        speculation: this.current.speculation,
      });
      return this.current;
    });
  }

  /** Frees the loaded model's memory (weights and KV cache). */
  unload(): Promise<void> {
    return this.enqueue(async () => {
      await this.release();
      this.setState({ status: 'empty' });
    });
  }

  private async release(): Promise<void> {
    const model = this.current;
    this.current = undefined;
    await model?.dispose();
  }

  private setState(state: ModelHostState): void {
    this.state = state;
    this.onState(state);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
