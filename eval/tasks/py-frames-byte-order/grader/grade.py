import gradelib as g

g.run_visible_tests(["test_frames.py"])
writer = g.import_project("writer")
reader = g.import_project("reader")

for n in (0, 1, 255, 256, 513, 4660, 65535):
    payload = bytes(i % 251 for i in range(n))
    header = bytes([n >> 8, n & 0xFF])
    g.expect("encode_frame(<%d bytes>)[:2]" % n, lambda p=payload: writer.encode_frame(p)[:2], header)
    g.expect("decode_stream(<reference frame of %d bytes>)" % n,
             lambda h=header, p=payload: reader.decode_stream(h + p), [payload])
blob = b"\x01\x00" + b"a" * 256 + b"\x00\x03xyz" + b"\x00\x00" + b"\x00\x01\xff"
g.expect("decode_stream(<reference stream of 4 frames>)", lambda: reader.decode_stream(blob),
         [b"a" * 256, b"xyz", b"", b"\xff"])
g.expect("encode_stream([b'a' * 256, b'xyz', b'', b'\\xff'])",
         lambda: writer.encode_stream([b"a" * 256, b"xyz", b"", b"\xff"]), blob)
g.expect_raises("encode_frame(<65536 bytes>)", lambda: writer.encode_frame(b"\x00" * 65536), ValueError)
for bad in (b"\x00", b"\x01\x00" + b"a" * 255, b"\x00\x01a\x00"):
    g.expect_raises("decode_stream(%r...)" % bad[:6], lambda b=bad: reader.decode_stream(b), ValueError)
g.finish()
