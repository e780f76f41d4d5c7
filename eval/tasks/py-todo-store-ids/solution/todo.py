"""A tiny JSON-backed todo list."""
import json
import os


class TodoStore:
    """Todos saved in a JSON file. Ids start at 1 and are never reused."""

    def __init__(self, path):
        self.path = path
        self.items = []
        self.next_id = 1
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            self.items = data["items"]
            self.next_id = data["next_id"]

    def save(self):
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump({"items": self.items, "next_id": self.next_id}, fh, indent=2)

    def add(self, title, tags=()):
        item = {"id": self.next_id, "title": title, "done": False, "tags": list(tags)}
        self.next_id += 1
        self.items.append(item)
        self.save()
        return item["id"]

    def get(self, item_id):
        """The todo with this id; KeyError if there is none."""
        for item in self.items:
            if item["id"] == item_id:
                return item
        raise KeyError(item_id)

    def complete(self, item_id):
        self.get(item_id)["done"] = True
        self.save()

    def remove(self, item_id):
        self.items.remove(self.get(item_id))
        self.save()

    def pending(self, tag=None):
        return [i for i in self.items
                if not i["done"] and (tag is None or tag in i["tags"])]
