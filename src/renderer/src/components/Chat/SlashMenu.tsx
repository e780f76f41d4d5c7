// Above the message box: the MCP prompts matching a slash command being typed, or the arguments form of
// the one picked (required arguments marked). Options are picked with the mouse too; a press on one
// keeps the focus in the message box.
import type { SlashMenu as SlashMenuState } from './use-slash-menu';

function PromptArgsForm({ menu }: { menu: SlashMenuState }) {
  const form = menu.form;
  if (!form) return null;
  const { prompt } = form;
  return (
    <form
      className="chat-popover prompt-args"
      data-testid="slash-args"
      aria-label={`Arguments for ${prompt.command}`}
      onSubmit={(e) => {
        e.preventDefault();
        menu.submitForm();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        menu.cancelForm();
      }}
    >
      <div className="popover-head">
        <strong className="mono">{prompt.command}</strong>
        {prompt.description && <span className="muted small">{prompt.description}</span>}
      </div>
      {prompt.arguments.map((arg, i) => {
        const hintId = `${menu.listId}-arg-${i}-hint`;
        return (
          <label key={arg.name} className="prompt-arg">
            <span>
              <span className="mono">{arg.name}</span>
              {arg.required ? (
                <span className="required" title="required">
                  {' '}
                  * <span className="sr-only">required</span>
                </span>
              ) : (
                <span className="muted small"> (optional)</span>
              )}
            </span>
            <input
              data-testid="slash-arg"
              data-name={arg.name}
              required={arg.required}
              aria-required={arg.required}
              aria-describedby={arg.description ? hintId : undefined}
              autoFocus={i === 0}
              value={form.values[arg.name] ?? ''}
              onChange={(e) => menu.setValue(arg.name, e.target.value)}
            />
            {arg.description && (
              <span id={hintId} className="muted small">
                {arg.description}
              </span>
            )}
          </label>
        );
      })}
      <div className="form-actions">
        <button type="button" data-testid="slash-cancel" onClick={menu.cancelForm}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="slash-run" disabled={menu.running}>
          {menu.running ? 'Running…' : `Run ${prompt.command}`}
        </button>
      </div>
    </form>
  );
}

export function SlashMenu({ menu }: { menu: SlashMenuState }) {
  if (menu.form) return <PromptArgsForm menu={menu} />;
  if (!menu.listOpen) return null;
  const empty = menu.loading ? 'Loading prompts…' : 'No MCP prompt matches.';
  return (
    <div className="chat-popover" data-testid="slash-menu">
      <ul className="popover-list" role="listbox" id={menu.listId} aria-label="MCP prompts">
        {menu.items.map((p, i) => (
          <li
            key={p.command}
            id={menu.optionId(i)}
            role="option"
            aria-selected={i === menu.active}
            className={i === menu.active ? 'popover-option active' : 'popover-option'}
            data-testid="slash-option"
            data-command={p.command}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => menu.hover(i)}
            onClick={() => menu.pick(p)}
          >
            <span className="mono">{p.command}</span>
            {p.arguments.length > 0 && (
              <span className="muted small">
                {' '}
                {p.arguments.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ')}
              </span>
            )}
            {p.description && <span className="muted small option-description">{p.description}</span>}
          </li>
        ))}
      </ul>
      {menu.items.length === 0 && <div className="menu-empty small">{empty}</div>}
      {menu.problems.map((problem, i) => (
        <div key={i} className="notice warning small" data-testid="slash-problem">
          {problem}
        </div>
      ))}
      <div className="popover-foot muted small" aria-live="polite">
        {menu.items.length > 0
          ? `${menu.items.length} prompt${menu.items.length === 1 ? '' : 's'}: ↑↓ to choose, Enter or Tab to pick, Esc to close`
          : 'Esc to close'}
        {menu.running && ' · running…'}
      </div>
    </div>
  );
}
