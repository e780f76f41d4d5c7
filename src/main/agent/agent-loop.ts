// The agent loop: task -> model turn (streamed) -> tool calls -> results -> next turn, until the model
// answers without a tool call or a stop condition fires. Every stop has a named reason.
import type { AgentEvent, StopReason, VerificationOutcome } from '../../shared/agent-events.js';
import { executeCalls, type ToolRegistry } from '../tools/scheduler.js';
import { toToolSpec } from '../tools/tool-spec.js';
import type { ToolContext } from '../tools/types.js';
import { planBudget, tokenCounter, type ContextBudget } from '../context/budget.js';
import { ContextKeeper } from '../context/compaction.js';
import { Conversation } from '../context/conversation.js';
import { notVerified, type FinishGate } from './finish-gate.js';
import { LoopDetector, type LoopPolicy } from './loop-detector.js';
import { ModelError, type AgentModel, type Message, type ToolCall } from './model.js';

export interface AgentRunOptions {
  model: AgentModel;
  tools: ToolRegistry;
  /** Everything a tool needs except the signal and progress hook, which the loop supplies. */
  toolContext: Omit<ToolContext, 'signal' | 'onUpdate'>;
  systemPrompt: string;
  task: string;
  onEvent: (event: AgentEvent) => void;
  signal?: AbortSignal;
  /** Model turns allowed before stopping with `max_steps`. */
  maxSteps?: number;
  /** Consecutive failed tool calls before stopping with `errors`. */
  maxConsecutiveErrors?: number;
  loopPolicy?: LoopPolicy;
  /** Cap on tokens generated per turn; default the budget's reserve. */
  maxTokensPerTurn?: number;
  /** Token budgets; default planned from the model's context size. */
  budget?: ContextBudget;
  /**
   * `first` forces the first turn to be a tool call (grounds small models that would otherwise answer
   * without looking at the code); `required` forces every turn. Default `auto`.
   */
  toolChoice?: 'auto' | 'first' | 'required';
  /** Consulted before a final answer is accepted (e.g. run the project's checks). */
  finishGate?: FinishGate;
  /** Messages the person sent while the run works; drained before each turn and before finishing. */
  steering?: { take(): string[] };
}

export interface AgentRunResult {
  reason: StopReason;
  message: string;
  steps: number;
  messages: Message[];
  /** Present when a finish gate was in place. */
  verification?: VerificationOutcome;
}

const DEFAULT_MAX_STEPS = 40;
const DEFAULT_MAX_CONSECUTIVE_ERRORS = 4;

function forcesCall(choice: AgentRunOptions['toolChoice'], step: number): boolean {
  return choice === 'required' || (choice === 'first' && step === 1);
}

export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const { model, tools, onEvent } = options;
  const signal = options.signal ?? new AbortController().signal;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxErrors = options.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  const maxTokens = options.maxTokensPerTurn ?? Number.POSITIVE_INFINITY;
  // Fixed order for the life of the run: the tool block is part of the stable prompt prefix.
  const toolSpecs = tools.tools.map(toToolSpec);
  const detector = new LoopDetector(options.loopPolicy);
  const conversation = new Conversation({
    system: options.systemPrompt,
    task: options.task,
    tools: toolSpecs,
    budget: options.budget ?? planBudget(model.contextSize),
    countTokens: tokenCounter(model),
    spillDir: options.toolContext.spillDir,
  });
  const keeper = new ContextKeeper(conversation);
  let consecutiveErrors = 0;
  let step = 0;
  const changedFiles = new Set<string>();
  let verification: VerificationOutcome | undefined;

  /** Appends what the person sent meanwhile; true when there was anything. */
  const steer = (): boolean => {
    const texts = options.steering?.take() ?? [];
    for (const text of texts) {
      conversation.pushUser(text);
      onEvent({ type: 'user_message', step, text, steering: true });
    }
    return texts.length > 0;
  };

  const stop = (reason: StopReason, message: string): AgentRunResult => {
    if (options.finishGate && !verification) {
      verification = notVerified(`The run stopped (${reason}) before the checks ran.`);
    }
    const text = verification ? `${message}\n\nVerification: ${verification.summary}` : message;
    onEvent({ type: 'stop', reason, message: text, steps: step, ...(verification ? { verification } : {}) });
    const messages = [...conversation.messages];
    return { reason, message: text, steps: step, messages, ...(verification ? { verification } : {}) };
  };

  while (step < maxSteps) {
    if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
    step++;
    onEvent({ type: 'turn_start', step });
    steer();

    let turn;
    try {
      const fit = await keeper.fit({ model, tools: toolSpecs, signal, step, emit: onEvent });
      if (!fit.ok) return stop('context_exhausted', fit.message);
      const sent = conversation.messages.length;
      turn = await model.turn({
        messages: conversation.messages,
        tools: toolSpecs,
        signal,
        maxTokens: Math.min(maxTokens, fit.maxTokens),
        toolChoice: forcesCall(options.toolChoice, step) ? 'required' : 'auto',
        onTextDelta: (text) => onEvent({ type: 'text_delta', step, text }),
      });
      conversation.calibrate(turn.stats.promptTokens, sent);
    } catch (error) {
      const detail = error instanceof ModelError ? `${error.code}: ${error.message}` : String(error);
      return stop('error', `The model failed: ${detail}`);
    }
    onEvent({ type: 'token_stats', step, ...turn.stats });
    if (turn.finishReason === 'cancelled' || signal.aborted) {
      return stop('cancelled', 'Cancelled by the user.');
    }
    if (turn.text.trim() !== '') onEvent({ type: 'assistant_message', step, text: turn.text });

    if (turn.toolCalls.length === 0) {
      if (turn.finishReason === 'max_tokens') {
        conversation.pushAssistant(turn.text, []);
        conversation.pushUser('Your reply was cut off at the length limit. Continue.');
        continue;
      }
      conversation.pushAssistant(turn.text, []);
      // The person asked for more while the model was answering: that comes before finishing.
      if (options.steering && steer()) continue;
      if (options.finishGate) {
        const verdict = await options.finishGate.check({ step, signal, changedFiles, emit: onEvent });
        verification = verdict.verification;
        if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
        if (verdict.kind === 'retry') {
          conversation.pushUser(verdict.feedback);
          continue;
        }
      }
      return stop('done', turn.text.trim() || 'Done.');
    }

    // Judge every call before running any: a loop stops the run without executing the repeat.
    const warnings = new Map<string, string>();
    for (const call of turn.toolCalls) {
      const verdict = detector.observe(call.name, call.args);
      if (verdict.kind === 'stop') return stop('loop', verdict.message);
      if (verdict.kind === 'warn') {
        warnings.set(call.id, verdict.message);
        onEvent({ type: 'warning', step, code: 'loop_warning', message: verdict.message });
      }
    }

    conversation.pushAssistant(turn.text, turn.toolCalls);
    const outcomes = await executeCalls(
      turn.toolCalls,
      tools,
      { ...options.toolContext, signal },
      {
        onStart: (call: ToolCall) =>
          onEvent({ type: 'tool_call', step, id: call.id, name: call.name, args: call.args }),
        onUpdate: (call, text) => onEvent({ type: 'tool_update', step, id: call.id, name: call.name, text }),
        onCheckpoint: (c) => onEvent({ type: 'checkpoint', step, id: c.id, files: c.files }),
      },
    );

    let blocked: string | undefined;
    for (const outcome of outcomes) {
      const warning = warnings.get(outcome.call.id);
      const shaped = await conversation.pushToolResult(
        outcome.call,
        outcome.output,
        warning ? `[warning] ${warning}` : undefined,
        outcome.spill,
      );
      onEvent({
        type: 'tool_result',
        step,
        id: outcome.call.id,
        name: outcome.call.name,
        ok: outcome.ok,
        output: shaped.content,
        durationMs: outcome.durationMs,
        truncated: (outcome.truncated ?? false) || shaped.truncated,
      });
      consecutiveErrors = outcome.ok ? 0 : consecutiveErrors + 1;
      for (const file of outcome.changed ?? []) changedFiles.add(file);
      if (outcome.stop) blocked = outcome.stop.message;
    }

    if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
    if (blocked !== undefined) return stop('blocked', blocked);
    if (consecutiveErrors >= maxErrors) {
      return stop(
        'errors',
        `${consecutiveErrors} tool calls in a row failed; stopping so a person can look.`,
      );
    }
  }
  return stop('max_steps', `Reached the limit of ${maxSteps} steps before the task was done.`);
}
