export class Emitter {
  #listeners = new Map();

  on(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('listener must be a function');
    const list = this.#listeners.get(event) ?? [];
    this.#listeners.set(event, [...list, fn]);
    return this;
  }

  // Runs fn on the next emit of event only; off(event, fn) cancels it.
  once(event, fn) {
    if (typeof fn !== 'function') throw new TypeError('listener must be a function');
    const wrapper = (...args) => {
      this.off(event, wrapper);
      fn.apply(this, args);
    };
    wrapper.listener = fn;
    return this.on(event, wrapper);
  }

  off(event, fn) {
    const list = this.#listeners.get(event);
    if (list) this.#listeners.set(event, list.filter((f) => f !== fn && f.listener !== fn));
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
