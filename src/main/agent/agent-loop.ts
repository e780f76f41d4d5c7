// The agent loop: task -> model turn (streamed) -> tool calls -> results -> next turn, until the model
// answers without a tool call or a stop condition fires. Every stop has a named reason.
import type { AgentEvent, StopReason, VerificationOutcome } from '../../shared/agent-events.js';
import { executeCalls, type ToolRegistry } from '../tools/scheduler.js';
import { toToolSpec } from '../tools/tool-spec.js';
import type { TurnContext } from '../tools/types.js';
import { planBudget, tokenCounter, type ContextBudget } from '../context/budget.js';
import { ContextKeeper } from '../context/compaction.js';
import { Conversation } from '../context/conversation.js';
import { withFeatures, type HarnessFeatures } from './features.js';
import { notVerified, type FinishGate } from './finish-gate.js';
import { LoopDetector, type LoopPolicy } from './loop-detector.js';
import {
  emptyStats,
  ModelError,
  type AgentModel,
  type Message,
  type ToolCall,
  type TurnResult,
} from '../model/turn.js';
import { announcedStep, taskAsksForChange } from './narration.js';
import { windowRefusal } from './preflight.js';
import { howToCall, stoppedRepeating, takeTheStep } from './reply-checks.js';
import { RepetitionWatch, type Repetition } from './repetition.js';
import { toResultDisplay } from './result-display.js';
import { findTextCalls } from './text-calls.js';

export interface AgentRunOptions {
  model: AgentModel;
  tools: ToolRegistry;
  /** Everything a tool needs except the signal and progress hook, which the loop supplies. */
  toolContext: Omit<TurnContext, 'signal'>;
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
  /** Harness features to switch off (all on by default). */
  features?: Partial<HarnessFeatures>;
  /** The task asks for files to change (default: read from the task's wording). */
  expectChange?: boolean;
  /** A conversation an earlier run ended with (resume): continued, with `task` as the next user message. */
  history?: readonly Message[];
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
/** Replies stopped for repetition in a row before the run is stopped as a loop. */
const MAX_REPEATING_REPLIES = 3;

function forcesCall(choice: AgentRunOptions['toolChoice'], step: number): boolean {
  return choice === 'required' || (choice === 'first' && step === 1);
}

export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const { model, tools, onEvent } = options;
  const features = withFeatures(options.features);
  const signal = options.signal ?? new AbortController().signal;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxErrors = options.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  const maxTokens = options.maxTokensPerTurn ?? Number.POSITIVE_INFINITY;
  const expectChange = options.expectChange ?? taskAsksForChange(options.task);
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
    shapeOutputs: features.outputShaping,
    ...(options.history ? { history: options.history } : {}),
  });
  if (options.history) conversation.pushUser(options.task);
  const keeper = new ContextKeeper(conversation, { compact: features.compaction });
  let consecutiveErrors = 0;
  let repeatingReplies = 0;
  let nudged = false;
  let textCallIds = 0;
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
  const warn = (code: string, message: string) => onEvent({ type: 'warning', step, code, message });

  const stop = (reason: StopReason, message: string): AgentRunResult => {
    if (options.finishGate && !verification) {
      verification = notVerified(`The run stopped (${reason}) before the checks ran.`);
    }
    const text = verification ? `${message}\n\nVerification: ${verification.summary}` : message;
    onEvent({ type: 'stop', reason, message: text, steps: step, ...(verification ? { verification } : {}) });
    const messages = [...conversation.messages];
    return { reason, message: text, steps: step, messages, ...(verification ? { verification } : {}) };
  };

  const refusal = windowRefusal(model, conversation, toolSpecs);
  if (refusal) return stop('context_exhausted', refusal);

  while (step < maxSteps) {
    if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
    step++;
    onEvent({ type: 'turn_start', step });
    steer();

    let turn: TurnResult;
    let repetition: (Repetition & { inCall?: true }) | undefined;
    try {
      const fit = await keeper.fit({ model, tools: toolSpecs, signal, step, emit: onEvent });
      if (!fit.ok) return stop('context_exhausted', fit.message);
      const sent = conversation.messages.length;
      // A reply that degenerates into repetition is stopped through its own signal, not the run's.
      const cut = new AbortController();
      const watch = features.repetitionStop ? new RepetitionWatch() : undefined;
      // A call's arguments can run away too (a small model filling a forced call until the token cap).
      const argWatch = features.repetitionStop ? new RepetitionWatch() : undefined;
      turn = await model.turn({
        messages: conversation.messages,
        tools: toolSpecs,
        signal: AbortSignal.any([signal, cut.signal]),
        maxTokens: Math.min(maxTokens, fit.maxTokens),
        toolChoice: forcesCall(options.toolChoice, step) ? 'required' : 'auto',
        onTextDelta: (text) => {
          onEvent({ type: 'text_delta', step, text });
          if (repetition || !watch) return;
          repetition = watch.push(text);
          if (repetition) cut.abort();
        },
        onCallDelta: (text) => {
          if (repetition || !argWatch) return;
          const found = argWatch.push(text);
          if (found) {
            repetition = { ...found, inCall: true };
            cut.abort();
          }
        },
      });
      conversation.calibrate(turn.stats.promptTokens, sent);
    } catch (error) {
      // A model port that throws on abort: the person's cancel stays a cancel.
      if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
      if (repetition) {
        turn = { text: '', toolCalls: [], finishReason: 'cancelled', stats: emptyStats() };
      } else {
        const detail = error instanceof ModelError ? `${error.code}: ${error.message}` : String(error);
        return stop('error', `The model failed: ${detail}`);
      }
    }
    onEvent({ type: 'token_stats', step, ...turn.stats });
    if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
    if (repetition) {
      // The repeated tail is dropped: the model is shown where it went wrong, not the whole loop.
      const kept = repetition.inCall
        ? turn.text
        : turn.text.slice(
            0,
            Math.max(0, turn.text.length - repetition.unit.length * (repetition.repeats - 1)),
          );
      if (kept.trim() !== '') onEvent({ type: 'assistant_message', step, text: kept });
      warn(
        'repetition',
        `The reply kept repeating "${repetition.unit.trim().slice(0, 60)}" and was stopped.`,
      );
      if (++repeatingReplies >= MAX_REPEATING_REPLIES) {
        return stop('loop', `${repeatingReplies} replies in a row degenerated into repeating text.`);
      }
      conversation.pushAssistant(kept, []);
      conversation.pushUser(stoppedRepeating(repetition.unit, repetition.repeats));
      continue;
    }
    repeatingReplies = 0;
    if (turn.finishReason === 'cancelled') return stop('cancelled', 'Cancelled by the user.');

    let text = turn.text;
    let calls: readonly ToolCall[] = turn.toolCalls;
    let fromText = false;
    if (calls.length === 0 && turn.finishReason !== 'max_tokens') {
      const scan = findTextCalls(text, toolSpecs);
      if (!features.textCalls) {
        // Recovery switched off (an ablation): the reply stands as it is, but the eval still counts it.
        if (scan.kind !== 'none')
          warn('text_tool_call_ignored', 'The reply holds a tool call written as text.');
      } else if (scan.kind === 'calls') {
        calls = scan.calls.map((c) => ({ id: `t${++textCallIds}`, name: c.name, args: c.args }));
        text = scan.text;
        fromText = true;
        warn(
          'text_tool_call',
          `The model wrote ${calls.length === 1 ? 'a tool call' : `${calls.length} tool calls`} as text; ran as calls.`,
        );
      } else if (scan.kind === 'malformed') {
        if (text.trim() !== '') onEvent({ type: 'assistant_message', step, text });
        warn(
          'text_tool_call',
          'The reply holds a tool call written as text that could not be read; the model was told how to call.',
        );
        conversation.pushAssistant(text, []);
        conversation.pushUser(howToCall(model, toolSpecs, scan.name, scan.snippet));
        if (++consecutiveErrors >= maxErrors) {
          return stop(
            'errors',
            `${consecutiveErrors} replies in a row failed (unreadable calls written as text).`,
          );
        }
        continue;
      }
    }
    if (text.trim() !== '') onEvent({ type: 'assistant_message', step, text });

    if (calls.length === 0) {
      conversation.pushAssistant(text, []);
      if (turn.finishReason === 'max_tokens') {
        conversation.pushUser('Your reply was cut off at the length limit. Continue.');
        continue;
      }
      // The person asked for more while the model was answering: that comes before finishing.
      if (options.steering && steer()) continue;
      // An answer to a question is read more narrowly: only a promise in its very last sentence counts.
      const announced = features.narrationCheck ? announcedStep(text, expectChange ? 2 : 1) : null;
      if (announced && !nudged) {
        nudged = true;
        warn('narration', `The reply announced a step without taking it: "${announced}"`);
        conversation.pushUser(takeTheStep(announced));
        continue;
      }
      if (options.finishGate) {
        const verdict = await options.finishGate.check({
          step,
          signal,
          changedFiles,
          emit: onEvent,
          expectChange,
        });
        verification = verdict.verification;
        if (signal.aborted) return stop('cancelled', 'Cancelled by the user.');
        if (verdict.kind === 'retry') {
          conversation.pushUser(verdict.feedback);
          continue;
        }
      }
      if (announced && expectChange && verification?.status !== 'passed') {
        const unchanged = changedFiles.size === 0 ? ' No file was changed.' : '';
        return stop(
          'stalled',
          `The model announced a step ("${announced}") and stopped without taking it, even when told to.${unchanged}`,
        );
      }
      return stop('done', text.trim() || 'Done.');
    }

    // Judge every call before running any: a loop stops the run without executing the repeat.
    const warnings = new Map<string, string>();
    for (const call of calls) {
      const verdict = detector.observe(call.name, call.args);
      if (verdict.kind === 'stop') return stop('loop', verdict.message);
      if (verdict.kind === 'warn') {
        onEvent({ type: 'warning', step, code: 'loop_warning', message: verdict.message });
        if (features.loopWarnings) warnings.set(call.id, verdict.message);
      }
    }

    conversation.pushAssistant(text, calls);
    const outcomes = await executeCalls(
      calls,
      tools,
      { ...options.toolContext, signal },
      {
        onStart: (call: ToolCall) =>
          onEvent({
            type: 'tool_call',
            step,
            id: call.id,
            name: call.name,
            args: call.args,
            ...(fromText ? { fromText: true as const } : {}),
          }),
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
        ...(outcome.invalid ? { invalid: outcome.invalid } : {}),
        ...(outcome.display ? { display: toResultDisplay(outcome.display) } : {}),
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
