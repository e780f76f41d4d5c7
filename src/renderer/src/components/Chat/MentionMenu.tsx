// Above the message box: the files and folders matching the @-mention being typed. A press on an option
// keeps the focus in the message box.
import type { MentionMenu as MentionMenuState } from './use-mention-menu';

export function MentionMenu({ menu }: { menu: MentionMenuState }) {
  if (!menu.open) return null;
  return (
    <div className="chat-popover" data-testid="mention-menu">
      <ul className="popover-list" role="listbox" id={menu.listId} aria-label="Files and folders">
        {menu.items.map((e, i) => (
          <li
            key={`${e.kind}:${e.path}`}
            id={menu.optionId(i)}
            role="option"
            aria-selected={i === menu.active}
            className={i === menu.active ? 'popover-option active' : 'popover-option'}
            data-testid="mention-option"
            data-path={e.path}
            data-kind={e.kind}
            onMouseDown={(ev) => ev.preventDefault()}
            onMouseEnter={() => menu.hover(i)}
            onClick={() => menu.pick(e)}
          >
            <span className="mono">
              {e.path}
              {e.kind === 'dir' ? '/' : ''}
            </span>
          </li>
        ))}
      </ul>
      {menu.items.length === 0 && <div className="menu-empty small">No file or folder matches.</div>}
      <div className="popover-foot muted small">↑↓ to choose, Enter or Tab to pick, Esc to close</div>
    </div>
  );
}
