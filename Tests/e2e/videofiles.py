"""Tiny real video files, written byte by byte (no ffmpeg): an MP4/QuickTime file (ftyp, moov with
mvhd and an audio and a video trak/tkhd, mdat) and a WebM/Matroska file (EBML header, Segment with
Info and Tracks, a Cluster). The server reads duration, width and height back from them."""
import struct


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tkhd(width, height):
    body = struct.pack(">I", 3)                      # version 0, flags
    body += struct.pack(">IIIII", 0, 0, 1, 0, 0)     # creation, modification, track id, reserved, duration
    body += bytes(8) + struct.pack(">hhhh", 0, 0, 0, 0)
    body += struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    body += struct.pack(">II", width << 16, height << 16)
    assert len(body) == 84
    return box(b"tkhd", body)


def mp4(width=320, height=240, timescale=1000, duration=2500, brand=b"isom", media=4096):
    ftyp = box(b"ftyp", brand + struct.pack(">I", 512) + b"isomiso2mp41")
    mvhd = box(b"mvhd", struct.pack(">I", 0) + struct.pack(">IIII", 0, 0, timescale, duration) + bytes(80))
    audio = box(b"trak", tkhd(0, 0))
    video = box(b"trak", tkhd(width, height))
    moov = box(b"moov", mvhd + audio + video)
    return ftyp + moov + box(b"mdat", bytes(range(256)) * (media // 256))


def size(n):
    return bytes([0x01]) + n.to_bytes(7, "big")


def element(ident, data):
    return ident + size(len(data)) + data


def webm(width=640, height=360, duration_ms=4200.0, doctype=b"webm", media=4096):
    header = element(b"\x1a\x45\xdf\xa3", element(b"\x42\x86", b"\x01") + element(b"\x42\x82", doctype))
    info = element(b"\x15\x49\xa9\x66", element(b"\x2a\xd7\xb1", (1000000).to_bytes(3, "big"))
                   + element(b"\x44\x89", struct.pack(">d", duration_ms)))
    audio = element(b"\xae", element(b"\xd7", b"\x01") + element(b"\x83", b"\x02"))
    video = element(b"\xae", element(b"\xd7", b"\x02") + element(b"\x83", b"\x01")
                    + element(b"\xe0", element(b"\xb0", width.to_bytes(2, "big"))
                              + element(b"\xba", height.to_bytes(2, "big"))))
    tracks = element(b"\x16\x54\xae\x6b", audio + video)
    cluster = element(b"\x1f\x43\xb6\x75", element(b"\xe7", b"\x00") + element(b"\xa3", bytes(range(256)) * (media // 256)))
    return header + element(b"\x18\x53\x80\x67", info + tracks + cluster)
