// What the headless runner prints: a readable account on stderr, and with --json one event per line
// on stdout (stream deltas excluded from stdout: the whole message follows as assistant_message).
import { speculationLabel, type AgentEvent } from '../shared/agent-events.js';

const PREVIEW_LINES = 6;

export function createProgressPrinter(options: {
  json: boolean;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}): (event: AgentEvent) => void {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  let midLine = false;
  const line = (text: string) => {
    err.write(`${midLine ? '\n' : ''}${text}\n`);
    midLine = false;
  };

  return (event) => {
    if (options.json && event.type !== 'text_delta' && event.type !== 'tool_update') {
      out.write(`${JSON.stringify(event)}\n`);
    }
    switch (event.type) {
      case 'session_start':
        line(`folder ${event.folder}\nmodel  ${event.model}\ntask   ${event.task}`);
        if (event.instructionFiles) line(`instructions ${event.instructionFiles.join(', ')}`);
        break;
      case 'turn_start':
        line(`\n── step ${event.step}`);
        break;
      case 'text_delta':
        // Streams only for a person watching the terminal; --json consumers get assistant_message.
        if (!options.json) {
          err.write(event.text);
          midLine = !event.text.endsWith('\n');
        }
        break;
      case 'tool_call':
        line(`→ ${event.name} ${JSON.stringify(event.args)}`);
        break;
      case 'tool_result': {
        const lines = event.output.split('\n');
        const preview = lines.slice(0, PREVIEW_LINES).map((l) => `  │ ${l}`);
        if (lines.length > PREVIEW_LINES) preview.push(`  │ … ${lines.length - PREVIEW_LINES} more lines`);
        line(`${event.ok ? '✓' : '✗'} ${event.name} (${event.durationMs} ms)\n${preview.join('\n')}`);
        break;
      }
      case 'token_stats':
        if (event.promptTokens > 0) {
          line(
            `  [prompt ${event.promptTokens} tok, evaluated ${event.evaluatedTokens}, reused ${event.reusedTokens}, generated ${event.generatedTokens} at ${event.tokensPerSecond.toFixed(1)} tok/s${event.speculation ? `, ${speculationLabel(event.speculation)}` : ''}]`,
          );
        }
        break;
      case 'warning':
        line(`! ${event.message}`);
        break;
      case 'compaction':
        line(`  [context compacted (${event.method}): ${event.tokensBefore} → ${event.tokensAfter} tokens]`);
        break;
      case 'verification':
        line(
          `  [checks, round ${event.round}: ${event.checks.map((c) => `${c.name} ${c.status}`).join(', ') || 'none'}]`,
        );
        break;
      case 'checkpoint':
        line(`  [checkpoint ${event.id}: ${event.files} files saved]`);
        break;
      case 'stop':
        line(`\n■ stopped: ${event.reason} after ${event.steps} steps — ${event.message}`);
        break;
      default:
        break;
    }
  };
}
