// A determinate progress bar with its value exposed to assistive tech (and tests) as aria-valuenow.
export function ProgressBar({
  percent,
  label,
  testId = 'progress',
}: {
  percent: number;
  label: string;
  testId?: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${value}%` }} />
    </div>
  );
}
