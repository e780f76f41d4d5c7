// The assistant's text, fenced code blocks set apart; a cursor while it streams.
import { memo, useMemo } from 'react';

interface Part {
  code: boolean;
  text: string;
  lang?: string;
}

/** Splits on ``` fences; an unclosed fence (still streaming) runs to the end. */
function splitFences(text: string): Part[] {
  const parts: Part[] = [];
  const fence = /```([^\n`]*)\n?/g;
  let pos = 0;
  let inCode = false;
  let lang = '';
  let match: RegExpExecArray | null;
  while ((match = fence.exec(text))) {
    const chunk = text.slice(pos, match.index);
    if (chunk) parts.push(inCode ? { code: true, text: chunk, lang } : { code: false, text: chunk });
    inCode = !inCode;
    lang = inCode ? (match[1] ?? '').trim() : '';
    pos = match.index + match[0].length;
  }
  const rest = text.slice(pos);
  if (rest) parts.push(inCode ? { code: true, text: rest, lang } : { code: false, text: rest });
  return parts;
}

export const AssistantMessage = memo(function AssistantMessage({
  text,
  streaming,
}: {
  text: string;
  streaming: boolean;
}) {
  const parts = useMemo(() => splitFences(text), [text]);
  return (
    <div className="message assistant" data-testid="assistant-message" data-streaming={streaming}>
      {parts.map((part, i) =>
        part.code ? (
          <pre key={i} className="code-block" data-lang={part.lang}>
            <code>{part.text}</code>
          </pre>
        ) : (
          <div key={i} className="message-text">
            {part.text}
          </div>
        ),
      )}
      {streaming && <span className="cursor" aria-hidden />}
    </div>
  );
});
