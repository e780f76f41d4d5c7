// Settings: models folder, context bounds, speculative decoding, approval mode, checks, network and
// sandbox behaviour.
import { useEffect, useState } from 'react';
import type { LookupMode } from '../../../../shared/agent-events';
import type { ApprovalMode } from '../../../../shared/approval';
import type { Settings } from '../../../../shared/ipc';
import { checksToText, parseChecks } from '../../lib/checks-text';
import { useAppStore } from '../../store';
import { Drawer } from '../Layout/Drawer';
import { ApprovalModeSelect } from './ApprovalModeSelect';

interface Form {
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

function toForm(s: Settings): Form {
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

export function SettingsPanel() {
  const settings = useAppStore((s) => s.settings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const update = useAppStore((s) => s.updateSettings);
  const library = useAppStore((s) => s.library);
  const loadLibrary = useAppStore((s) => s.loadLibrary);
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => void loadSettings(), [loadSettings]);
  useEffect(() => void loadLibrary(), [loadLibrary]);
  useEffect(() => {
    if (settings) setForm((f) => f ?? toForm(settings));
  }, [settings]);

  const patch = (p: Partial<Form>) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, ...p } : f));
  };

  const save = async () => {
    if (!form) return;
    const min = Number(form.contextMin);
    const max = Number(form.contextMax);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 512 || max < min) {
      return setError('Context: whole numbers, at least 512, and the minimum not above the maximum.');
    }
    const checks = parseChecks(form.checks);
    if (!checks.ok) return setError(`Checks: ${checks.message}`);
    const failure = await update({
      modelsDir: form.modelsDir.trim(),
      context: { min, max },
      speculation: { lookup: form.lookup, draftModel: form.draftModel === '' ? null : form.draftModel },
      approvalMode: form.approvalMode,
      checks: checks.checks,
      allowNetwork: form.allowNetwork,
      noSandbox: form.noSandbox,
    });
    setError(failure ? `${failure.message} (${failure.code})` : null);
    setSaved(!failure);
    if (!failure) setForm(null);
  };

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
          {saved && <div className="ok-text">Saved.</div>}
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="save-settings">
              Save
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
