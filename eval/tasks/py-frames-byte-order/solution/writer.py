"""Encode payloads into frames (see PROTOCOL.md)."""
import struct

HEADER = struct.Struct(">H")
MAX_PAYLOAD = 0xFFFF


def encode_frame(payload):
    if len(payload) > MAX_PAYLOAD:
        raise ValueError("payload too large: %d bytes" % len(payload))
    return HEADER.pack(len(payload)) + bytes(payload)


def encode_stream(payloads):
    return b"".join(encode_frame(p) for p in payloads)
