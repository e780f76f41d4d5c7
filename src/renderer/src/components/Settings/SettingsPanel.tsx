// Settings: models folder, context bounds, approval mode, checks, network and sandbox behaviour.
import { useEffect, useState } from 'react';
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
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => void loadSettings(), [loadSettings]);
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
