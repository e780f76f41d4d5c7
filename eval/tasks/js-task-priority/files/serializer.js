import { createTask } from './model.js';

// Compact records for the save file: t = title, d = due date, x = done (1 or 0).
export function toRecord(task) {
  return { t: task.title, d: task.due, x: task.done ? 1 : 0 };
}

export function fromRecord(record) {
  return createTask({ title: record.t, due: record.d ?? null, done: record.x === 1 });
}

export function saveAll(tasks) {
  return JSON.stringify(tasks.map(toRecord));
}

export function loadAll(json) {
  return JSON.parse(json).map(fromRecord);
}
