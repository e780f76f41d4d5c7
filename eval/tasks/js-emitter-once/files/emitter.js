export class Emitter {
  #listeners = new Map();

  on(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('listener must be a function');
    const list = this.#listeners.get(event) ?? [];
    this.#listeners.set(event, [...list, fn]);
    return this;
  }

  off(event, fn) {
    const list = this.#listeners.get(event);
    if (list) this.#listeners.set(event, list.filter((f) => f !== fn));
    return this;
  }

  // Calls the listeners in the order they were added; returns whether there were any.
  emit(event, ...args) {
    const list = this.#listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const fn of list) fn.apply(this, args);
    return true;
  }

  listenerCount(event) {
    return this.#listeners.get(event)?.length ?? 0;
  }
}
