"""Decode a stream of frames (see PROTOCOL.md)."""
import struct


def decode_stream(data):
    """Split `data` into payloads; ValueError if it is truncated."""
    payloads = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError("truncated header at byte %d" % pos)
        (length,) = struct.unpack_from("<H", data, pos)
        pos += 2
        if pos + length > len(data):
            raise ValueError("truncated payload at byte %d" % pos)
        payloads.append(bytes(data[pos:pos + length]))
        pos += length
    return payloads
