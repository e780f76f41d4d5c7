export const PRIORITIES = ['low', 'normal', 'high'];

export function createTask({ title, due = null, done = false, priority = 'normal' }) {
  if (typeof title !== 'string' || title.trim() === '') throw new TypeError('a task needs a title');
  if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new TypeError(`bad due date: ${due}`);
  if (!PRIORITIES.includes(priority)) throw new TypeError(`bad priority: ${priority}`);
  return { title: title.trim(), due, done: Boolean(done), priority };
}

export function complete(task) {
  return { ...task, done: true };
}
