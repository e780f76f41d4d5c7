// A source's claim that a tool only reads: shown as its claim (nothing checks it), never as a verdict.
export function ReadOnlyHint({ testId }: { testId: string }) {
  return (
    <span
      className="badge"
      data-testid={testId}
      title="The server's own claim that this tool only reads; nothing checks it. Confirm it only if you agree."
    >
      server says read-only
    </span>
  );
}
