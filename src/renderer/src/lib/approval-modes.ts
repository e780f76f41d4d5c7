// The approval modes as the window names them. Listed here rather than imported from shared/approval,
// whose module also builds zod schemas the window does not need.
import type { ApprovalMode } from '../../../shared/approval';

/** Every mode (the Record makes the list complete), in the order they loosen. */
export const APPROVAL_MODE_LABELS: Record<ApprovalMode, string> = {
  plan: 'Plan (read-only)',
  ask: 'Ask before changes',
  'auto-edit': 'Auto-edit, ask for commands',
  'full-auto': 'Full auto',
};

export const APPROVAL_MODE_LIST = Object.keys(APPROVAL_MODE_LABELS) as ApprovalMode[];
