// Quick open (Ctrl+P or Cmd+P): a modal list of the folder's files ranked by the typed name (fzf, from
// the backend's file index); arrows move, Enter opens the file in a tab, Esc closes and gives focus back.
// Ctrl+Shift+F (Cmd+Shift+F) opens the search drawer, from the same listener.
import { useEffect, useRef, useState } from 'react';
import type { TreeEntry } from '../../../../shared/ipc';
import { call, isFailure } from '../../api/client';
import { useAppStore } from '../../store';

const LIST_ID = 'quick-open-list';

async function findFiles(query: string): Promise<TreeEntry[]> {
  const r = await call('workspace.find', { query, limit: 50 });
  return isFailure(r) ? [] : r.entries.filter((e) => e.kind === 'file');
}

export function QuickOpen() {
  const hasFolder = useAppStore((s) => s.workspace !== null);
  const openFile = useAppStore((s) => s.openFile);
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<TreeEntry[]>([]);
  /** The query `items` answer; Enter while it lags behind what is typed asks at once. */
  const [itemsFor, setItemsFor] = useState<string | null>(null);
  const [activeRaw, setActive] = useState(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        if (hasFolder && useAppStore.getState().drawer !== 'search')
          useAppStore.getState().toggleDrawer('search');
        return;
      }
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'p') return;
      e.preventDefault(); // never the browser's print dialog
      if (!hasFolder) return;
      returnTo.current = document.activeElement;
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hasFolder]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      void findFiles(query).then((found) => {
        if (!current) return;
        setItems(found);
        setItemsFor(query);
      });
    }, 60);
    setActive(0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, query]);

  const close = () => {
    setOpen(false);
    setQuery('');
    const back = returnTo.current as HTMLElement | null;
    back?.focus?.();
  };
  const choose = (entry: TreeEntry | undefined) => {
    if (!entry) return;
    close();
    void openFile(entry.path);
  };
  const active = Math.min(activeRaw, Math.max(0, items.length - 1));
  const chooseActive = async () => {
    if (itemsFor === query) return choose(items[active]);
    choose((await findFiles(query))[0]);
  };

  return (
    <dialog
      ref={dialog}
      className="quick-open"
      data-testid="quick-open"
      aria-label="Open a file"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) close();
      }}
    >
      {open && (
        <>
          <input
            autoFocus
            data-testid="quick-open-input"
            placeholder="Type a file name…"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={LIST_ID}
            aria-activedescendant={items.length > 0 ? `${LIST_ID}-${active}` : undefined}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && items.length > 0) setActive((active + 1) % items.length);
              else if (e.key === 'ArrowUp' && items.length > 0)
                setActive((active - 1 + items.length) % items.length);
              else if (e.key === 'Enter') void chooseActive();
              else return;
              e.preventDefault();
            }}
          />
          <ul className="popover-list" role="listbox" id={LIST_ID} aria-label="Files">
            {items.map((item, i) => (
              <li
                key={item.path}
                id={`${LIST_ID}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'popover-option active' : 'popover-option'}
                data-testid="quick-open-option"
                data-path={item.path}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(item)}
              >
                <span>{item.name}</span> <span className="muted small mono">{item.path}</span>
              </li>
            ))}
          </ul>
          {items.length === 0 && <div className="menu-empty small">No file matches.</div>}
        </>
      )}
    </dialog>
  );
}
