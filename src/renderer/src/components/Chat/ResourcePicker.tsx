// Attach an MCP resource to the message: a button opens the resources the servers offer (filter as you
// type, arrows move, Enter picks, Esc closes); the picked one is read and added to the draft as a block
// that names it, with its token count and whether it was cut.
import { useEffect, useRef, useState } from 'react';
import type { McpResourceView } from '../../../../shared/mcp';
import { attachmentNote, resourceBlock } from '../../lib/mcp-text';
import { useAppStore } from '../../store';

const LIST_ID = 'mcp-resource-list';

function matches(r: McpResourceView, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  return !q || [r.server, r.name, r.uri].some((s) => s.toLowerCase().includes(q));
}

export function ResourcePicker({ onAttach }: { onAttach(block: string, note: string): void }) {
  const resources = useAppStore((s) => s.mcpResources);
  const problems = useAppStore((s) => s.mcpResourceProblems);
  const counted = useAppStore((s) => s.mcp?.tokensCounted);
  const load = useAppStore((s) => s.loadMcpResources);
  const read = useAppStore((s) => s.readMcpResource);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [reading, setReading] = useState(false);
  const [filter, setFilter] = useState('');
  const [activeRaw, setActive] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const items = resources.filter((r) => matches(r, filter));
  const active = Math.min(activeRaw, Math.max(0, items.length - 1));

  useEffect(() => {
    if (!open) return;
    setLoading(true);
    void load().finally(() => setLoading(false));
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open, load]);

  const close = () => {
    setOpen(false);
    setFilter('');
    setActive(0);
    button.current?.focus();
  };

  const pick = async (resource: McpResourceView) => {
    if (reading) return;
    setReading(true);
    const result = await read(resource);
    setReading(false);
    if (!result) return;
    setOpen(false);
    setFilter('');
    onAttach(
      resourceBlock(resource, result, counted),
      attachmentNote(`Attached ${resource.name}`, result, counted),
    );
  };

  return (
    <div ref={ref}>
      <button
        ref={button}
        data-testid="attach-resource"
        aria-haspopup="listbox"
        aria-expanded={open}
        title="Attach a resource from an MCP server"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Attach…
      </button>
      {open && (
        <div className="chat-popover" data-testid="resource-menu">
          <input
            className="popover-filter"
            data-testid="resource-filter"
            aria-label="Filter MCP resources"
            aria-controls={LIST_ID}
            aria-activedescendant={items[active] ? `${LIST_ID}-${active}` : undefined}
            aria-autocomplete="list"
            placeholder="Filter by server, name or URI…"
            autoFocus
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              const chosen = items[active];
              if (e.key === 'Escape') close();
              else if (chosen && e.key === 'ArrowDown') setActive((active + 1) % items.length);
              else if (chosen && e.key === 'ArrowUp') setActive((active - 1 + items.length) % items.length);
              else if (chosen && e.key === 'Enter') void pick(chosen);
              else return;
              e.preventDefault();
            }}
          />
          <ul className="popover-list" role="listbox" id={LIST_ID} aria-label="MCP resources">
            {items.map((r, i) => (
              <li
                key={`${r.server}\u0000${r.uri}`}
                id={`${LIST_ID}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'popover-option active' : 'popover-option'}
                data-testid="resource-option"
                data-uri={r.uri}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => void pick(r)}
              >
                <span>
                  <span className="badge">{r.server}</span> <strong>{r.name}</strong>
                </span>
                <span className="mono small muted option-description">{r.uri}</span>
              </li>
            ))}
          </ul>
          {items.length === 0 && (
            <div className="menu-empty small">
              {loading
                ? 'Loading resources…'
                : resources.length === 0
                  ? 'No MCP server offers resources (servers list them once running).'
                  : 'No resource matches.'}
            </div>
          )}
          {problems.map((problem, i) => (
            <div key={i} className="notice warning small" data-testid="resource-problem">
              {problem}
            </div>
          ))}
          <div className="popover-foot muted small" aria-live="polite">
            {reading ? 'Reading…' : '↑↓ to choose, Enter to attach, Esc to close'}
          </div>
        </div>
      )}
    </div>
  );
}
