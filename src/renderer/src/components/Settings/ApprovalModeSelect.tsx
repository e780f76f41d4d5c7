// The approval-mode picker, the same in the top bar and in the settings form.
import type { ApprovalMode } from '../../../../shared/approval';
import { APPROVAL_MODE_LABELS, APPROVAL_MODE_LIST } from '../../lib/approval-modes';

/** Without a value (settings not loaded yet) it shows a placeholder and is disabled. */
export function ApprovalModeSelect({
  value,
  onChange,
  testId,
}: {
  value: ApprovalMode | undefined;
  onChange(mode: ApprovalMode): void;
  testId: string;
}) {
  return (
    <select
      data-testid={testId}
      value={value ?? ''}
      disabled={!value}
      onChange={(e) => onChange(e.target.value as ApprovalMode)}
    >
      {!value && <option value="">…</option>}
      {APPROVAL_MODE_LIST.map((m) => (
        <option key={m} value={m}>
          {APPROVAL_MODE_LABELS[m]}
        </option>
      ))}
    </select>
  );
}
