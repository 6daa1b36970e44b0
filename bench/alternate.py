"""Latency of the same request against two stacks, alternating request by request (bench/courses.sh).

    bench/alternate.py PAIRS NAME SMALL_URL LARGE_URL [SMALL_TOKEN LARGE_TOKEN]

Each pair sends one request to each stack (which goes first alternates), on one kept-alive
connection per stack, so that a change of the machine's load weighs on both sizes alike. Prints
JSON: {"small": [p50, p90], "large": [p50, p90]} in ms.
"""
import http.client, json, statistics, sys, time, urllib.parse

pairs, name, small_url, large_url = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
tokens = sys.argv[5:7] if len(sys.argv) > 6 else [None, None]


def client(url, token):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": "Bearer " + token} if token else {}
    path = parts.path + ("?" + parts.query if parts.query else "")

    def once():
        began = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - began) * 1000
        if response.status != 200:
            sys.exit(f"{name}: {url} answered {response.status}")
        return elapsed
    return once


small, large = client(small_url, tokens[0]), client(large_url, tokens[1])
for _ in range(20):  # warm-up: every worker's connection and prepared statements
    small(), large()
times = {"small": [], "large": []}
for i in range(pairs):
    if i % 2:
        times["large"].append(large()); times["small"].append(small())
    else:
        times["small"].append(small()); times["large"].append(large())
quantile = lambda xs, q: sorted(xs)[int(q * (len(xs) - 1))]
json.dump({size: [statistics.median(xs), quantile(xs, 0.9)] for size, xs in times.items()}, sys.stdout)
print()
