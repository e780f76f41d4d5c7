import gradelib as g

g.run_visible_tests(["test_pagination.py"])
p = g.import_project("pagination")

for total, per, want in [(0, 10, 0), (1, 10, 1), (10, 10, 1), (11, 10, 2), (99, 10, 10),
                         (100, 10, 10), (101, 10, 11), (7, 1, 7), (7, 2, 4), (5, 7, 1)]:
    g.expect("page_count(%d, %d)" % (total, per), lambda t=total, n=per: p.page_count(t, n), want)

items = list("abcdefghijk")  # 11 items
g.expect("paginate(11 items, 3, per_page=4)['items']",
         lambda: p.paginate(items, 3, per_page=4)["items"], ["i", "j", "k"])
g.expect("paginate(11 items, 3, per_page=4)['has_next']",
         lambda: p.paginate(items, 3, per_page=4)["has_next"], False)
g.expect("paginate(11 items, 2, per_page=4)['has_next']",
         lambda: p.paginate(items, 2, per_page=4)["has_next"], True)
g.expect("page_label(paginate(11 items, 2, per_page=5))",
         lambda: p.page_label(p.paginate(items, 2, per_page=5)), "Page 2 of 3")
g.expect("paginate(11 items, 11, per_page=1)['items']",
         lambda: p.paginate(items, 11, per_page=1)["items"], ["k"])
g.expect_raises("paginate(11 items, 4, per_page=4)", lambda: p.paginate(items, 4, per_page=4), ValueError)
g.expect_raises("paginate(11 items, 0)", lambda: p.paginate(items, 0), ValueError)
g.expect_raises("page_count(5, 0)", lambda: p.page_count(5, 0), ValueError)
g.finish()
