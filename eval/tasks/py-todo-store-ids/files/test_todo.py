import os
import shutil
import tempfile
import unittest

from todo import TodoStore

HERE = os.path.dirname(os.path.abspath(__file__))


class TodoStoreTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=HERE)
        self.path = os.path.join(self.dir, "todos.json")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_add_and_get(self):
        store = TodoStore(self.path)
        first = store.add("buy milk", tags=["home"])
        self.assertEqual(store.get(first)["title"], "buy milk")

    def test_complete_after_remove(self):
        store = TodoStore(self.path)
        store.add("a")
        store.add("b")
        c = store.add("c")
        store.remove(1)
        store.complete(c)
        self.assertTrue(store.get(c)["done"])
        self.assertEqual([i["title"] for i in store.pending()], ["b"])

    def test_persisted(self):
        store = TodoStore(self.path)
        store.add("write report", tags=["work"])
        store.add("call mum")
        again = TodoStore(self.path)
        self.assertEqual([i["title"] for i in again.pending(tag="work")], ["write report"])


if __name__ == "__main__":
    unittest.main()
