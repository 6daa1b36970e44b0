"""Writes bench/results/courses.md from one run of bench/courses.sh: medians over the rounds."""
import datetime
import statistics
import sys

import json

(results_tsv, alternate_jsonl, out, cores, workers, rounds, seconds, small_counts, large_counts, counters_off,
 attempts) = sys.argv[1:12]

runs = {}
for line in open(results_tsv):
    _, size, name, conns, rps, p50, p99, errors = line.split()
    runs.setdefault((size, name, int(conns)), []).append((float(rps), float(p50), float(p99), int(errors)))


def median(key):
    """(req/s, p50, p99, errors summed) over the rounds of one scenario."""
    samples = runs[key]
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            statistics.median(s[2] for s in samples), sum(s[3] for s in samples))


labels = {
    "courses_list": "GET /api/courses/ first page, anonymous",
    "courses_list_bearer": "GET /api/courses/ first page, with a token",
    "user_courses": "GET /api/users/{id}/courses/ first page",
}
static = median(("small", "ceiling_nginx_static", 64))
c_rounds = [s[0] for s in runs[("small", "ceiling_c_libpq", 64)]]
c = median(("small", "ceiling_c_libpq", 64))
date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
md = [
    f"Run {date} on {cores} cores; {workers} static workers per pool and per C responder; PostgreSQL durable (fsync "
    f"on, synchronous commits); wrk {seconds} s per run. Small: {small_counts}. Large: {large_counts}; course "
    f"counters differing from a recount after the bulk load: {counters_off}. The two sizes are two stacks on one "
    f"cluster, measured in alternation over {rounds} rounds; medians of the rounds.",
    "",
    "| scenario | conns | req/s | p50 ms | p99 ms | errors | of C+libpq |",
    "|---|---|---|---|---|---|---|",
    f"| ceiling: nginx `return 200` | 64 | {static[0]:.0f} | {static[1]:.2f} | {static[2]:.2f} | {static[3]} | |",
    f"| ceiling: C + libpq FastCGI, SELECT by id (rounds: {', '.join('%.0f' % r for r in c_rounds)}) | 64 | "
    f"{c[0]:.0f} | {c[1]:.2f} | {c[2]:.2f} | {c[3]} | |",
]
blogs = median(("small", "blogs_list", 64))
md.append(f"| reference: GET /api/blogs/ first page (1,000 blogs) | 64 | {blogs[0]:.0f} | {blogs[1]:.2f} | "
          f"{blogs[2]:.2f} | {blogs[3]} | {blogs[0] / c[0]:.2f} |")
for conns in [64, 1]:
    rps, p50, p99, errors = median(("small", "quiz_attempt_20", conns))
    ratio = "%.2f" % (rps / c[0]) if conns == 64 else ""
    md.append(f"| POST /api/quizzes/{{id}}/attempt/, 20 questions, 64 students in turn (small) | {conns} | {rps:.0f} | "
              f"{p50:.2f} | {p99:.2f} | {errors} | {ratio} |")
for name, label in labels.items():
    for size in ["small", "large"]:
        rps, p50, p99, errors = median((size, name, 64))
        md.append(f"| {label} ({size}) | 64 | {rps:.0f} | {p50:.2f} | {p99:.2f} | {errors} | {rps / c[0]:.2f} |")
md += [
    "",
    f"Stored by the attempt runs: {attempts}.",
    "",
    "Scaling, large / small (1,000 to 100,000 courses, 10,000 to 1,000,000 enrollments), target <= 1.5:",
    "",
    "| list | one request alone, p50 | one request alone, p90 | 64 connections, p50 | 64 connections, time per "
    "request (1 / req/s) |",
    "|---|---|---|---|---|",
]
alone = {}
for line in open(alternate_jsonl):
    entry = json.loads(line)
    alone.setdefault(entry["name"], []).append(entry["times"])
for name, label in labels.items():
    cells = []
    for index in [0, 1]:
        a = statistics.median(t["small"][index] for t in alone[name])
        b = statistics.median(t["large"][index] for t in alone[name])
        cells.append(f"{a:.2f} → {b:.2f} ms: **{b / a:.2f}**")
    a, b = median(("small", name, 64))[1], median(("large", name, 64))[1]
    cells.append(f"{a:.2f} → {b:.2f} ms: **{b / a:.2f}**")
    a, b = median(("small", name, 64))[0], median(("large", name, 64))[0]
    cells.append(f"{a:.0f} → {b:.0f} req/s: **{a / b:.2f}**")
    md.append(f"| {label} | " + " | ".join(cells) + " |")
md += ["", "One request alone: one kept-alive connection per stack, a request to each in turn (bench/alternate.py), "
       "so that both sizes see the same machine load; medians over the rounds of each round's p50 and p90."]
open(out, "w").write("\n".join(md) + "\n")
