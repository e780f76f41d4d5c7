// What one try of a task did, read off the agent's event stream: the figures of the eval report.
import type { AgentEvent, StopReason } from '../../shared/agent-events.js';

export interface TryMetrics {
  stopReason: StopReason | 'not_started';
  stopMessage: string;
  steps: number;
  toolCalls: {
    total: number;
    /** Passed the schema and named a known tool (whether or not the tool then succeeded). */
    valid: number;
    /** Unknown tool or arguments that failed the schema. */
    invalid: number;
    /** Written as text in the reply instead of through the call format, and recovered by the harness. */
    writtenAsText: number;
    /** Ran and failed (a failed edit, a refused command...). */
    failed: number;
  };
  tokens: { prompt: number; evaluated: number; reused: number; generated: number };
  /** Generated tokens over the time spent generating (all turns). */
  tokensPerSecond: number;
  /** Milliseconds: the whole try, model turns, tool calls, project checks. */
  time: { wallMs: number; modelMs: number; toolMs: number; checksMs: number };
  /** Warning codes and how often each came. */
  warnings: Record<string, number>;
  verification?: string;
  /** The last assistant text: a question task's answer. */
  finalAnswer: string;
}

export class MetricsCollector {
  private readonly m: TryMetrics = {
    stopReason: 'not_started',
    stopMessage: '',
    steps: 0,
    toolCalls: { total: 0, valid: 0, invalid: 0, writtenAsText: 0, failed: 0 },
    tokens: { prompt: 0, evaluated: 0, reused: 0, generated: 0 },
    tokensPerSecond: 0,
    time: { wallMs: 0, modelMs: 0, toolMs: 0, checksMs: 0 },
    warnings: {},
    finalAnswer: '',
  };
  private generationSeconds = 0;
  private readonly started = performance.now();

  readonly onEvent = (event: AgentEvent): void => {
    const m = this.m;
    switch (event.type) {
      case 'token_stats':
        m.tokens.prompt += event.promptTokens;
        m.tokens.evaluated += event.evaluatedTokens;
        m.tokens.reused += event.reusedTokens;
        m.tokens.generated += event.generatedTokens;
        m.time.modelMs += event.durationMs;
        if (event.tokensPerSecond > 0)
          this.generationSeconds += event.generatedTokens / event.tokensPerSecond;
        break;
      case 'tool_call':
        m.toolCalls.total++;
        if (event.fromText) m.toolCalls.writtenAsText++;
        break;
      case 'tool_result':
        m.time.toolMs += event.durationMs;
        if (event.invalid) m.toolCalls.invalid++;
        else {
          m.toolCalls.valid++;
          if (!event.ok) m.toolCalls.failed++;
        }
        break;
      case 'verification':
        for (const check of event.checks) m.time.checksMs += check.durationMs;
        break;
      case 'warning':
        m.warnings[event.code] = (m.warnings[event.code] ?? 0) + 1;
        break;
      case 'assistant_message':
        m.finalAnswer = event.text;
        break;
      case 'stop':
        m.stopReason = event.reason;
        m.stopMessage = event.message;
        m.steps = event.steps;
        if (event.verification) m.verification = event.verification.status;
        break;
      default:
        break;
    }
  };

  result(): TryMetrics {
    this.m.time.wallMs = Math.round(performance.now() - this.started);
    this.m.tokensPerSecond =
      this.generationSeconds > 0
        ? Math.round((this.m.tokens.generated / this.generationSeconds) * 10) / 10
        : 0;
    return structuredClone(this.m);
  }
}
