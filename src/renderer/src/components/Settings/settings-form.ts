// The settings form as a draft over the store's settings: only the fields the person edited are held,
// and Save sends only those that differ from what is saved, so a value changed elsewhere (the top
// bar's approval mode) is never overwritten by a stale copy.
import type { LookupMode } from '../../../../shared/agent-events';
import type { ApprovalMode } from '../../../../shared/approval';
import type { Settings } from '../../../../shared/ipc';
import { checksToText, parseChecks } from '../../lib/checks-text';
import type { SettingsPatch } from '../../store/settings-slice';

export interface SettingsForm {
  modelsDir: string;
  contextMin: string;
  contextMax: string;
  lookup: LookupMode;
  /** Full path of the draft model, '' for none. */
  draftModel: string;
  approvalMode: ApprovalMode;
  checks: string;
  allowNetwork: boolean;
  noSandbox: 'ask' | 'refuse';
}

/** The fields the person edited and has not saved yet. */
export type SettingsDraft = Partial<SettingsForm>;

export function toForm(s: Settings): SettingsForm {
  return {
    modelsDir: s.modelsDir,
    contextMin: String(s.context.min),
    contextMax: String(s.context.max),
    lookup: s.speculation.lookup,
    draftModel: s.speculation.draftModel ?? '',
    approvalMode: s.approvalMode,
    checks: checksToText(s.checks),
    allowNetwork: s.allowNetwork,
    noSandbox: s.noSandbox,
  };
}

/** What the form shows: the saved settings with the draft over them. */
export function formView(saved: Settings, draft: SettingsDraft): SettingsForm {
  return { ...toForm(saved), ...draft };
}

/** The update for the fields that differ from the saved settings; a message when one is invalid. */
export function buildSettingsPatch(
  saved: Settings,
  draft: SettingsDraft,
): { ok: true; patch: SettingsPatch } | { ok: false; message: string } {
  const base = toForm(saved);
  const form = { ...base, ...draft };
  const changed = (key: keyof SettingsForm) => form[key] !== base[key];
  const patch: SettingsPatch = {};
  if (changed('modelsDir')) {
    const dir = form.modelsDir.trim();
    if (dir === '') return { ok: false, message: 'Models folder: name a folder.' };
    patch.modelsDir = dir;
  }
  if (changed('contextMin') || changed('contextMax')) {
    const min = Number(form.contextMin);
    const max = Number(form.contextMax);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 512 || max < min) {
      return {
        ok: false,
        message: 'Context: whole numbers, at least 512, and the minimum not above the maximum.',
      };
    }
    patch.context = { min, max };
  }
  if (changed('lookup') || changed('draftModel')) {
    patch.speculation = { lookup: form.lookup, draftModel: form.draftModel === '' ? null : form.draftModel };
  }
  if (changed('approvalMode')) patch.approvalMode = form.approvalMode;
  if (changed('checks')) {
    const checks = parseChecks(form.checks);
    if (!checks.ok) return { ok: false, message: `Checks: ${checks.message}` };
    patch.checks = checks.checks;
  }
  if (changed('allowNetwork')) patch.allowNetwork = form.allowNetwork;
  if (changed('noSandbox')) patch.noSandbox = form.noSandbox;
  return { ok: true, patch };
}

/** The draft after a save of `sent`: edits made while it was saving stay. */
export function afterSave(draft: SettingsDraft, sent: SettingsDraft): SettingsDraft {
  const next: SettingsDraft = { ...draft };
  for (const key of Object.keys(sent) as (keyof SettingsForm)[]) {
    if (next[key] === sent[key]) delete next[key];
  }
  return next;
}
