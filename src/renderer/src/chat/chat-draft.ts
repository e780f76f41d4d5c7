// Copy-on-write editing of a ChatState for one batch of events: the items array and index are copied
// once, on the first change, and untouched items keep their identity.
import type { ChatItem, ChatState } from './chat-model';

export class Draft {
  items: ChatItem[] | undefined;
  index: Record<string, number> | undefined;
  run: string;
  undoable: number;
  seq: number;

  constructor(private readonly base: ChatState) {
    this.run = base.run;
    this.undoable = base.undoable;
    this.seq = base.seq;
  }

  private own(): { items: ChatItem[]; index: Record<string, number> } {
    this.items ??= this.base.items.slice();
    this.index ??= { ...this.base.index };
    return { items: this.items, index: this.index };
  }

  get list(): readonly ChatItem[] {
    return this.items ?? this.base.items;
  }

  find(id: string): ChatItem | undefined {
    const at = (this.index ?? this.base.index)[id];
    return at === undefined ? undefined : this.list[at];
  }

  push(item: ChatItem): void {
    const { items, index } = this.own();
    index[item.id] = items.length;
    items.push(item);
  }

  replace(item: ChatItem): void {
    const { items, index } = this.own();
    const at = index[item.id];
    if (at !== undefined) items[at] = item;
  }

  nextId(prefix: string): string {
    this.seq++;
    return `${prefix}${this.seq}`;
  }

  done(): ChatState {
    if (!this.items && this.run === this.base.run && this.undoable === this.base.undoable) return this.base;
    return {
      items: this.items ?? this.base.items,
      index: this.index ?? this.base.index,
      run: this.run,
      undoable: this.undoable,
      seq: this.seq,
    };
  }
}
