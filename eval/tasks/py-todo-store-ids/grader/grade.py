import os
import shutil
import tempfile

import gradelib as g

g.run_visible_tests(["test_todo.py"])
todo = g.import_project("todo")

tmp = tempfile.mkdtemp(dir=os.path.join(g.WORK, ".grader"))
try:
    path = os.path.join(tmp, "todos.json")
    s = todo.TodoStore(path)
    ids = [s.add(t) for t in ["one", "two", "three", "four", "five"]]
    g.check("add() returns ids 1..5", ids == [1, 2, 3, 4, 5], "got %r" % ids)

    def scenario():
        s.remove(2)
        s.remove(4)
        s.complete(5)
        s.complete(1)
        return [i["title"] for i in s.pending()]
    g.expect("after remove(2), remove(4), complete(5), complete(1): titles of pending()", scenario, ["three"])
    g.expect("get(5)['title'] after removals", lambda: s.get(5)["title"], "five")
    g.expect("get(3)['done']", lambda: s.get(3)["done"], False)
    g.expect("add() after removals returns a fresh id", lambda: s.add("six"), 6)
    for bad in (2, 4, 99):
        g.expect_raises("get(%d) for a removed/unknown id" % bad, lambda b=bad: s.get(b), KeyError)
        g.expect_raises("complete(%d) for a removed/unknown id" % bad, lambda b=bad: s.complete(b), KeyError)
        g.expect_raises("remove(%d) for a removed/unknown id" % bad, lambda b=bad: s.remove(b), KeyError)

    def reloaded():
        again = todo.TodoStore(path)
        again.remove(3)
        again.complete(6)
        return sorted((i["id"], i["title"], i["done"]) for i in todo.TodoStore(path).items)
    g.expect("reload, remove(3), complete(6), reload: items", reloaded,
             [(1, "one", True), (5, "five", True), (6, "six", True)])
finally:
    shutil.rmtree(tmp, ignore_errors=True)
g.finish()
