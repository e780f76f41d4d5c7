export function createTask({ title, due = null, done = false }) {
  if (typeof title !== 'string' || title.trim() === '') throw new TypeError('a task needs a title');
  if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new TypeError(`bad due date: ${due}`);
  return { title: title.trim(), due, done: Boolean(done) };
}

export function complete(task) {
  return { ...task, done: true };
}
