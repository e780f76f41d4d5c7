// Settings: models folder, context bounds, speculative decoding, approval mode, checks, network and
// sandbox behaviour.
import { useEffect, useState } from 'react';
import type { LookupMode } from '../../../../shared/agent-events';
import { useAppStore } from '../../store';
import { Drawer } from '../Layout/Drawer';
import { ApprovalModeSelect } from './ApprovalModeSelect';
import {
  afterSave,
  buildSettingsPatch,
  formView,
  type SettingsDraft,
  type SettingsForm,
} from './settings-form';

export function SettingsPanel() {
  const settings = useAppStore((s) => s.settings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const update = useAppStore((s) => s.updateSettings);
  const library = useAppStore((s) => s.library);
  const loadLibrary = useAppStore((s) => s.loadLibrary);
  // Only the edited fields; everything else is read from the store, so the form never holds a copy
  // that could go stale (the top bar changes the approval mode while this is open).
  const [draft, setDraft] = useState<SettingsDraft>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => void loadSettings(), [loadSettings]);
  useEffect(() => void loadLibrary(), [loadLibrary]);

  const patch = (p: Partial<SettingsForm>) => {
    setSaved(null);
    setDraft((d) => ({ ...d, ...p }));
  };

  const save = async () => {
    if (!settings || saving) return;
    const built = buildSettingsPatch(settings, draft);
    if (!built.ok) {
      setSaved(null);
      return setError(built.message);
    }
    setError(null);
    if (Object.keys(built.patch).length === 0) {
      setDraft({});
      return setSaved('Nothing to save.');
    }
    const sent = draft;
    setSaving(true);
    // The form shows the refusal itself, next to the button; no toast over it.
    const failure = await update(built.patch, { toast: false });
    setSaving(false);
    if (failure) {
      setSaved(null);
      return setError(`Not saved: ${failure.message} (${failure.code})`);
    }
    setDraft((d) => afterSave(d, sent));
    setSaved('Saved.');
  };

  const form = settings ? formView(settings, draft) : null;
  return (
    <Drawer title="Settings" testId="settings-panel">
      {!form || !settings ? (
        <div className="drawer-body muted">Loading…</div>
      ) : (
        <form
          className="drawer-body settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Models folder
            <input
              data-testid="settings-models-dir"
              value={form.modelsDir}
              onChange={(e) => patch({ modelsDir: e.target.value })}
            />
          </label>
          <div className="field-row">
            <label>
              Context min (tokens)
              <input
                data-testid="settings-context-min"
                inputMode="numeric"
                value={form.contextMin}
                onChange={(e) => patch({ contextMin: e.target.value })}
              />
            </label>
            <label>
              Context max (tokens)
              <input
                data-testid="settings-context-max"
                inputMode="numeric"
                value={form.contextMax}
                onChange={(e) => patch({ contextMax: e.target.value })}
              />
            </label>
          </div>
          <label>
            Prompt lookup (guesses tokens the model copies from what it read)
            <select
              data-testid="settings-lookup"
              value={form.lookup}
              onChange={(e) => patch({ lookup: e.target.value as LookupMode })}
            >
              <option value="auto">Automatic: on with a GPU, off on the CPU (measured slower there)</option>
              <option value="on">On</option>
              <option value="off">Off</option>
            </select>
          </label>
          <label>
            Draft model (a smaller model with the same tokenizer; replaces prompt lookup)
            <select
              data-testid="settings-draft-model"
              value={form.draftModel}
              onChange={(e) => patch({ draftModel: e.target.value })}
            >
              <option value="">None</option>
              {draftChoices(settings.modelsDir, library, form.draftModel).map((choice) => (
                <option key={choice.path} value={choice.path}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Approval mode
            <ApprovalModeSelect
              testId="settings-approval-mode"
              value={form.approvalMode}
              onChange={(approvalMode) => patch({ approvalMode })}
            />
          </label>
          <label>
            Checks before finishing (one name=command per line; empty: detect from the project)
            <textarea
              data-testid="settings-checks"
              rows={4}
              className="mono"
              placeholder={'test=npm test\nlint=npm run lint'}
              value={form.checks}
              onChange={(e) => patch({ checks: e.target.value })}
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="settings-allow-network"
              checked={form.allowNetwork}
              onChange={(e) => patch({ allowNetwork: e.target.checked })}
            />
            Commands may use the network
          </label>
          <label>
            Without an OS sandbox
            <select
              data-testid="settings-no-sandbox"
              value={form.noSandbox}
              onChange={(e) => patch({ noSandbox: e.target.value as 'ask' | 'refuse' })}
            >
              <option value="ask">Ask before every command</option>
              <option value="refuse">Refuse to run commands</option>
            </select>
          </label>
          <div
            className={`notice ${settings.sandbox.available ? 'ok' : 'warning'}`}
            data-testid="sandbox-note"
          >
            <strong>
              {settings.sandbox.available ? `Sandbox: ${settings.sandbox.kind ?? 'available'}` : 'No sandbox'}
            </strong>{' '}
            {settings.sandbox.note}
          </div>
          {error && (
            <div className="error-text" role="alert" data-testid="settings-error">
              {error}
            </div>
          )}
          {saved && (
            <div className="ok-text" role="status" data-testid="settings-saved">
              {saved}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="save-settings" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      )}
    </Drawer>
  );
}

/** The models folder's files, and the saved draft where it lies elsewhere. */
function draftChoices(
  modelsDir: string,
  library: readonly { fileName: string; error?: string }[],
  current: string,
): { path: string; label: string }[] {
  const sep = modelsDir.includes('\\') && !modelsDir.includes('/') ? '\\' : '/';
  const choices = library
    .filter((m) => !m.error)
    .map((m) => ({ path: `${modelsDir.replace(/[\\/]+$/, '')}${sep}${m.fileName}`, label: m.fileName }));
  if (current !== '' && !choices.some((c) => c.path === current))
    choices.push({ path: current, label: current });
  return choices;
}
