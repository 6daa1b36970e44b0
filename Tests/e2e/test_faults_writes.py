"""Fault test "Writes" (issue 15): 16 clients create blogs for 20 s while a worker of the blogs
function is `kill -9`'d every 2 s. Every client retries each ambiguous answer (no answer, 502,
503, 504) with the same `Idempotency-Key` until it gets a definite one. At the end every 201 is
read back and each intended blog exists exactly once: nothing lost, nothing duplicated.

A shorter run without keys only reports what the same retries do without them (duplicates).
Only workers of the stack under test are killed, by the pids its runner reports."""
import os
import random
import signal
import threading
import time
import uuid

import requests

from conftest import BASE, register, runner_status

CLIENTS = 16
SECONDS = 20.0
KILL_EVERY = 2.0
# After the writing window, a client still retrying its last blog must get a definite answer by then.
SETTLE = 40.0
AMBIGUOUS = (502, 503, 504)
# Bodies of 1 to 4000 distinct words (up to about 30 KB for the full-text index), so that requests
# spend from under a millisecond to some milliseconds in their transaction and the kills land at
# every stage: before, during and after the COMMIT.
WORDS = 4000


def killer(stop, kills, function="blogs"):
    """Every KILL_EVERY seconds, SIGKILL one worker of `function`: one caught busy (mid-request)
    when the runner's status shows one within half a second, else any ready one."""
    while not stop.wait(KILL_EVERY):
        deadline = time.monotonic() + 0.5
        while True:
            workers = [w for w in runner_status()["functions"][function]["workers"] if w["state"] in ("busy", "idle")]
            busy = [w for w in workers if w["state"] == "busy"]
            if busy or time.monotonic() > deadline:
                break
        candidates = busy or workers
        if not candidates:
            continue
        victim = random.choice(candidates)
        try:
            os.kill(victim["pid"], signal.SIGKILL)
            kills.append((victim["pid"], victim["state"]))
        except ProcessLookupError:
            pass


class Writer(threading.Thread):
    """One client: creates blogs titled `<run>-<client>-<seq>` until `until`, one at a time,
    retrying each until a definite answer."""

    def __init__(self, run, number, token, until, use_keys):
        super().__init__(daemon=True)
        self.run_id, self.number, self.until, self.use_keys = run, number, until, use_keys
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + token
        self.intended = []  # titles
        self.created = {}  # title -> the 201's body
        self.counts = dict(requests=0, ambiguous=0, retries=0, in_progress=0, throttled=0, replayed=0)
        self.unexpected = []

    def run(self):
        seq = 0
        while time.monotonic() < self.until:
            seq += 1
            title = "%s-%02d-%04d" % (self.run_id, self.number, seq)
            self.intended.append(title)
            self.create(title)
            time.sleep(0.05)  # 16 clients stay under the gateway's per-client rate limit

    def create(self, title):
        headers = {"Content-Type": "application/json"}
        if self.use_keys:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        content = " ".join("w%x" % random.getrandbits(28) for _ in range(random.randint(1, WORDS)))
        body = '{"title": "%s", "content": "%s"}' % (title, content)
        give_up = self.until + SETTLE
        first = True
        while time.monotonic() < give_up:
            if not first:
                self.counts["retries"] += 1
            first = False
            self.counts["requests"] += 1
            try:
                r = self.session.post(BASE + "/api/blogs/", data=body, headers=headers, timeout=10)
            except requests.RequestException:
                self.counts["ambiguous"] += 1
                time.sleep(0.05)
                continue
            if r.status_code in AMBIGUOUS:
                self.counts["ambiguous"] += 1
                time.sleep(0.05)
                continue
            if r.status_code == 409 and r.json()["error"]["code"] == "idempotency_in_progress":
                # The killed attempt's transaction is still being rolled back: it holds the key a moment.
                self.counts["in_progress"] += 1
                time.sleep(0.1)
                continue
            if r.status_code == 429:
                self.counts["throttled"] += 1
                time.sleep(float(r.headers.get("Retry-After", "1")))
                continue
            if r.status_code == 201:
                if r.headers.get("Idempotent-Replayed") == "true":
                    self.counts["replayed"] += 1
                self.created[title] = r.json()
                return
            self.unexpected.append((title, r.status_code, r.text[:200]))
            return
        self.unexpected.append((title, "no definite answer", None))


def titles_of(user_id):
    """Every blog of `user_id` as (id, title), through the API's pages."""
    found = []
    path = "/api/blogs/?author=%d&limit=100" % user_id
    while path:
        for _ in range(50):
            r = requests.get(BASE + path, timeout=10)
            if r.status_code != 429:
                break
            time.sleep(0.5)
        assert r.status_code == 200, r.text
        page = r.json()
        found += [(b["id"], b["title"]) for b in page["results"]]
        path = page["next"]
    return found


def write_under_kills(use_keys, clients, seconds):
    run = "w%s%d" % ("k" if use_keys else "n", int(time.time() * 1000) % 10**8)
    users = [register() for _ in range(clients)]
    until = time.monotonic() + seconds
    writers = [Writer(run, n, users[n][1]["access"], until, use_keys) for n in range(clients)]
    stop, kills = threading.Event(), []
    kill_thread = threading.Thread(target=killer, args=(stop, kills), daemon=True)
    kill_thread.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join(seconds + SETTLE + 15)
    stop.set()
    kill_thread.join(5)
    totals = {name: sum(w.counts[name] for w in writers) for name in writers[0].counts}
    totals["kills"] = len(kills)
    totals["busy_kills"] = sum(1 for _, state in kills if state == "busy")
    totals["intended"] = sum(len(w.intended) for w in writers)
    stored = {}
    for w, (_, body) in zip(writers, users):
        stored[w.number] = titles_of(body["user"]["id"])
    return writers, stored, totals


def test_writes_under_kill_9_with_keys_lose_nothing_and_duplicate_nothing(capsys):
    writers, stored, totals = write_under_kills(True, CLIENTS, SECONDS)
    duplicates = lost = 0
    for w in writers:
        assert not w.unexpected, w.unexpected[:5]
        rows = stored[w.number]
        titles = [title for _, title in rows]
        # Exactly the intended blogs, each once.
        assert sorted(titles) == sorted(w.intended)
        duplicates += len(titles) - len(set(titles))
        lost += len(set(w.intended) - set(titles))
        # Every 201 is there, as it was answered.
        ids = dict((title, id_) for id_, title in rows)
        for title, body in w.created.items():
            assert body["title"] == title and ids[title] == body["id"], (title, body)
        assert set(w.created) == set(w.intended)
    with capsys.disabled():
        print("\nfault test (writes, Idempotency-Key): %(intended)d blogs intended by %(clients)d clients in %(seconds)ds, "
              "%(requests)d requests, %(kills)d workers killed (%(busy_kills)d mid-request), %(ambiguous)d ambiguous answers, %(retries)d retries "
              "(%(in_progress)d 409 in progress, %(throttled)d 429), %(replayed)d replayed 201s; "
              "%(duplicates)d duplicated, %(lost)d lost"
              % dict(totals, clients=CLIENTS, seconds=SECONDS, duplicates=duplicates, lost=lost))
    assert totals["kills"] >= SECONDS / KILL_EVERY - 2
    assert duplicates == 0 and lost == 0


def test_writes_under_kill_9_without_keys_reports_what_retries_do(capsys):
    """The same retries without keys: an ambiguous answer whose blog was in fact stored becomes a
    duplicate. Reported, not asserted (the counts depend on where each kill lands)."""
    writers, stored, totals = write_under_kills(False, 8, 8.0)
    duplicates = lost = 0
    for w in writers:
        titles = [title for _, title in stored[w.number]]
        duplicates += len(titles) - len(set(titles))
        lost += len(set(w.intended) - set(titles))
    with capsys.disabled():
        print("\nfault test (writes, no key): %(intended)d blogs intended by 8 clients in 8 s, %(requests)d requests, "
              "%(kills)d workers killed (%(busy_kills)d mid-request), %(ambiguous)d ambiguous answers retried; %(duplicates)d duplicated, %(lost)d lost"
              % dict(totals, duplicates=duplicates, lost=lost))
