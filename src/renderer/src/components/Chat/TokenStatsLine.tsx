// The figures of one model turn.
import { memo } from 'react';
import { speculationLabel, type TokenStats } from '../../../../shared/agent-events';
import { formatDuration } from '../../lib/format';

export const TokenStatsLine = memo(function TokenStatsLine({
  stats,
}: {
  stats: TokenStats & { step: number };
}) {
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    <div className="token-stats" data-testid="token-stats" data-step={stats.step}>
      <span title="Tokens in the whole prompt">prompt {n(stats.promptTokens)}</span>
      <span title="Prompt tokens evaluated this turn">evaluated {n(stats.evaluatedTokens)}</span>
      <span title="Prompt tokens reused from the cache">reused {n(stats.reusedTokens)}</span>
      <span title="Tokens generated">generated {n(stats.generatedTokens)}</span>
      <span>{stats.tokensPerSecond.toFixed(1)} tok/s</span>
      {stats.speculation && (
        <span
          data-testid="token-stats-speculation"
          title={`Speculative decoding: guessed tokens the model confirmed (${stats.speculation.validated}) and rejected (${stats.speculation.refuted})`}
        >
          {speculationLabel(stats.speculation)}
        </span>
      )}
      <span>{formatDuration(stats.durationMs)}</span>
    </div>
  );
});
