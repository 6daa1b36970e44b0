"""Minimal real-time clients for the tests: Server-Sent Events and WebSocket over raw sockets
(no extra packages), each reading in a thread into a queue of events."""
import base64
import json
import os
import queue
import socket
import struct
import threading
import time
from urllib.parse import urlparse


class StreamClient:
    """Connects, checks the handshake, then collects events (dicts with `event`, `id`, `data`)."""

    def __init__(self, base, path, headers=None, timeout=5.0):
        url = urlparse(base)
        self.sock = socket.create_connection((url.hostname, url.port or 80), timeout=timeout)
        self.events = queue.Queue()
        self.closed = threading.Event()
        self.status, self.headers, self.body = None, {}, b""
        self.sock.sendall(self.request(path, url.netloc, headers or {}))
        self.buffer = b""
        head = self.read_until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        if not self.accepted():
            length = int(self.headers.get("content-length", "0"))
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
            self.body = self.buffer[:length]
            self.sock.close()
            return
        self.ready = threading.Event()
        threading.Thread(target=self.run, daemon=True).start()

    def read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed during the handshake: %r" % self.buffer[:200])
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def json(self):
        return json.loads(self.body)

    def next(self, timeout=2.0):
        """The next event, or None after `timeout` seconds."""
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class SSE(StreamClient):
    def request(self, path, host, headers):
        extra = "".join("%s: %s\r\n" % item for item in headers.items())
        return ("GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n%s\r\n" % (path, host, extra)).encode()

    def accepted(self):
        return self.status == 200

    def run(self):
        try:
            self.sock.settimeout(None)
            event = {}
            while True:
                while b"\n" not in self.buffer:
                    chunk = self.sock.recv(65536)
                    if not chunk:
                        return
                    self.buffer += chunk
                line, _, self.buffer = self.buffer.partition(b"\n")
                line = line.rstrip(b"\r").decode()
                if line == "":
                    if "data" in event:
                        event["data"] = json.loads(event["data"])
                        event["at"] = time.monotonic()
                        self.events.put(event)
                    event = {}
                elif line.startswith(":"):
                    self.ready.set()  # nchan's ": hi" once subscribed
                else:
                    name, _, value = line.partition(":")
                    event[name] = value[1:] if value.startswith(" ") else value
        except OSError:
            return
        finally:
            self.closed.set()


class WebSocket(StreamClient):
    def request(self, path, host, headers):
        key = base64.b64encode(os.urandom(16)).decode()
        extra = "".join("%s: %s\r\n" % item for item in headers.items())
        return ("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n" % (path, host, key, extra)).encode()

    def accepted(self):
        return self.status == 101

    def exactly(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def run(self):
        self.ready.set()
        try:
            self.sock.settimeout(None)
            while True:
                first, second = self.exactly(2)
                opcode, length = first & 0x0F, second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", self.exactly(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", self.exactly(8))[0]
                payload = self.exactly(length)
                if opcode == 1:
                    data = json.loads(payload)
                    self.events.put({"event": data["event"], "data": data, "at": time.monotonic()})
                elif opcode == 8:
                    return
        except (OSError, ConnectionError):
            return
        finally:
            self.closed.set()
