"""Real-time subscribers for bench/chats.sh: many Server-Sent Events connections on one thread
(epoll), bounded in time.

  subscribers.py fanout BASE CHAT TOKENS N MESSAGES SENDER_TOKEN
      N subscribers of chat CHAT (stream tokens from the file TOKENS, one per line, used in turn);
      then MESSAGES messages POSTed one by one (250 ms apart) by SENDER_TOKEN. Prints JSON: for
      each delivery, the delay from the moment the POST's 201 was read to the moment the event's
      bytes were read by its subscriber (negative: delivered before the 201 arrived).
  subscribers.py idle BASE TOKENS_BY_CHAT N NGINX_PID_FILE
      N subscribers spread over the chats of TOKENS_BY_CHAT ("chat token" lines), held open;
      prints JSON with nginx's memory (PSS of its workers and master) before and after.
"""
import http.client
import json
import os
import selectors
import socket
import sys
import threading
import time
from urllib.parse import urlparse

DEADLINE = time.monotonic() + float(os.environ.get("BENCH_SUBSCRIBER_SECONDS", "120"))


class Subscriber:
    def __init__(self, host, port, path):
        self.sock = socket.socket()
        self.sock.setblocking(False)
        self.sock.connect_ex((host, port))
        self.request = ("GET %s HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n" % path).encode()
        self.sent = False
        self.buffer = b""
        self.ready = False
        self.status = None
        self.arrivals = {}  # message id -> time its bytes were read


def open_all(targets, selector, batch=400):
    """Connects every (host, port, path) in batches; returns the subscribers once all are ready."""
    subscribers = []
    pending = list(targets)
    while pending or any(not s.ready for s in subscribers):
        if time.monotonic() > DEADLINE:
            raise SystemExit("subscribers not ready in time: %d of %d" % (sum(s.ready for s in subscribers), len(targets)))
        waiting = sum(not s.ready for s in subscribers)
        while pending and waiting < batch:
            s = Subscriber(*pending.pop())
            selector.register(s.sock, selectors.EVENT_WRITE | selectors.EVENT_READ, s)
            subscribers.append(s)
            waiting += 1
        pump(selector, 0.05)
    return subscribers


def pump(selector, timeout):
    for key, events in selector.select(timeout):
        s = key.data
        if events & selectors.EVENT_WRITE and not s.sent:
            s.sock.send(s.request)
            s.sent = True
            selector.modify(s.sock, selectors.EVENT_READ, s)
            continue
        if events & selectors.EVENT_READ:
            now = time.monotonic()
            try:
                data = s.sock.recv(65536)
            except (BlockingIOError, ConnectionResetError):
                continue
            if not data:
                selector.unregister(s.sock)
                if not s.ready:
                    raise SystemExit("a subscriber was refused: %r" % s.buffer[:300])
                continue
            s.buffer += data
            if s.status is None and b"\r\n" in s.buffer:
                s.status = int(s.buffer.split(b" ", 2)[1])
                if s.status != 200:
                    raise SystemExit("a subscriber got %d: %r" % (s.status, s.buffer[:300]))
            if not s.ready and b": hi" in s.buffer:
                s.ready = True  # nchan's first comment: subscribed
            # "data: {...,"data":{...,"id":N,...}}" lines: the message id is the event's data.id.
            while b"\n\n" in s.buffer:
                block, s.buffer = s.buffer.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        event = json.loads(line[6:])
                        s.arrivals[event["data"]["id"]] = now


def fanout(base, chat, tokens_file, n, messages, sender_token):
    url = urlparse(base)
    tokens = open(tokens_file).read().split()
    selector = selectors.DefaultSelector()
    targets = [(url.hostname, url.port, "/api/chats/%s/stream/?token=%s" % (chat, tokens[i % len(tokens)]))
               for i in range(n)]
    started = time.monotonic()
    subscribers = open_all(targets, selector)
    opened = time.monotonic() - started
    returned = {}

    def send():
        conn = http.client.HTTPConnection(url.hostname, url.port)
        for i in range(messages):
            time.sleep(0.25)
            body = json.dumps({"content": "fan-out %d" % i})
            conn.request("POST", "/api/chats/%s/messages/" % chat, body,
                         {"Authorization": "Bearer " + sender_token, "Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            at = time.monotonic()
            assert response.status == 201, data
            returned[json.loads(data)["id"]] = at

    poster = threading.Thread(target=send)
    poster.start()
    while poster.is_alive() or time.monotonic() < (max(returned.values(), default=0) + 2):
        if time.monotonic() > DEADLINE:
            break
        pump(selector, 0.01)
        if not poster.is_alive() and all(len(s.arrivals) >= messages for s in subscribers):
            break
    delays = []
    missing = 0
    for s in subscribers:
        for message, at in returned.items():
            if message in s.arrivals:
                delays.append((s.arrivals[message] - at) * 1000)
            else:
                missing += 1
    delays.sort()
    pick = lambda q: round(delays[min(len(delays) - 1, int(q * len(delays)))], 2) if delays else None
    print(json.dumps({"subscribers": n, "messages": messages, "deliveries": len(delays), "missing": missing,
                      "open_seconds": round(opened, 2), "p50_ms": pick(0.5), "p99_ms": pick(0.99),
                      "max_ms": round(delays[-1], 2) if delays else None}))


def pss_kib(pid):
    try:
        for line in open("/proc/%d/smaps_rollup" % pid):
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def nginx_pss(pid_file):
    master = int(open(pid_file).read())
    pids = [master] + [int(p) for p in open("/proc/%d/task/%d/children" % (master, master)).read().split()]
    return sum(pss_kib(p) for p in pids), len(pids) - 1


def idle(base, tokens_file, n, pid_file):
    url = urlparse(base)
    pairs = [line.split() for line in open(tokens_file) if line.strip()]
    before, workers = nginx_pss(pid_file)
    selector = selectors.DefaultSelector()
    targets = [(url.hostname, url.port, "/api/chats/%s/stream/?token=%s" % tuple(pairs[i % len(pairs)]))
               for i in range(n)]
    started = time.monotonic()
    subscribers = open_all(targets, selector)
    opened = time.monotonic() - started
    end = time.monotonic() + 5
    while time.monotonic() < end:
        pump(selector, 0.1)
    after, _ = nginx_pss(pid_file)
    print(json.dumps({"subscribers": len(subscribers), "open_seconds": round(opened, 2), "nginx_workers": workers,
                      "nginx_pss_before_mib": round(before / 1024, 1), "nginx_pss_after_mib": round(after / 1024, 1),
                      "kib_per_subscriber": round((after - before) / len(subscribers), 2)}))
    for s in subscribers:
        s.sock.close()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "fanout":
        fanout(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
    elif mode == "idle":
        idle(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        raise SystemExit(__doc__)
