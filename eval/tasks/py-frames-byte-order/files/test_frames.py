import unittest

from reader import decode_stream
from writer import encode_frame, encode_stream


class FramesTest(unittest.TestCase):
    def test_encode_reference(self):
        self.assertEqual(encode_frame(b"hi"), b"\x00\x02hi")

    def test_decode_reference(self):
        self.assertEqual(decode_stream(b"\x00\x02hi\x00\x00"), [b"hi", b""])

    def test_round_trip(self):
        payloads = [b"x" * 300, b"", b"end"]
        self.assertEqual(decode_stream(encode_stream(payloads)), payloads)

    def test_truncated(self):
        with self.assertRaises(ValueError):
            decode_stream(b"\x00\x05abc")

    def test_too_large(self):
        with self.assertRaises(ValueError):
            encode_frame(b"\x00" * 70000)


if __name__ == "__main__":
    unittest.main()
