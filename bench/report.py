"""Writes bench/results/latest.json and latest.md from one run of bench/run.sh."""
import datetime
import json
import os
import sys

(results_tsv, invoke_json, hash_ms, cores, instructions, rss_idle, rss_10k, rss_50k, served, workers, blogs,
 out) = sys.argv[1:13]
same_list, same_write, hash_parallel = (sys.argv[13:16] + ["?", "?", ""])[:3]

# name, pass (durable, or fast: the second pass with fsync off), connections, wrk's summary.
passes = {}
for line in open(results_tsv):
    name, mode, conns, rps, p50, p99, errors = line.split()
    passes.setdefault(mode, {})[name] = {"connections": int(conns), "requests_per_s": float(rps), "p50_ms": p50,
                                         "p99_ms": p99, "errors": int(errors)}
runs = passes["durable"]
fast = passes.get("fast", {})

static = runs["ceiling_nginx_static"]["requests_per_s"]
# The hashing ceiling: every core hashing at once, measured; without that figure, the bound one
# hash alone gives (cores / its time), which two hashes sharing the memory bus do not reach.
single_hash_bound = int(cores) / (float(hash_ms) / 1000)
hashing = float(hash_parallel) if hash_parallel else single_hash_bound
# scenario: label, ceiling run (or the hashing number), target, ceiling's name, same-work ceiling run.
targets = {
    "blog_get_random": ("GET /api/blogs/{random id}/, anonymous", "ceiling_c_libpq", 0.80, "C+libpq", None),
    "blog_list_first_page": ("GET /api/blogs/ first page", "ceiling_c_libpq", 0.50, "C+libpq", "ceiling_c_list"),
    "auth_user_bearer": ("GET /api/auth/user/ with a bearer token", "ceiling_c_libpq", 0.70, "C+libpq", None),
    "blog_post_bearer": ("POST /api/blogs/ with a bearer token", "ceiling_c_libpq", 0.30, "C+libpq", "ceiling_c_write"),
    "auth_login": ("POST /api/auth/login/, 4 connections", None, 0.85, "hashing", None),
}
ceiling_labels = {
    "ceiling_c_libpq": "ceiling: C + libpq FastCGI, SELECT by id",
    "ceiling_c_list": "ceiling: C + libpq, the same list SQL and JSON as GET /api/blogs/ (20 rows, signed cursor)",
    "ceiling_c_write": "ceiling: C + libpq, the same INSERT as POST /api/blogs/ (HS256 + session lookup, durable commit)",
}


def rps(mode_runs, key):
    return mode_runs[key]["requests_per_s"] if key in mode_runs else None


def ratio_of(mode_runs, key, ceiling_key):
    value, ceiling = rps(mode_runs, key), rps(mode_runs, ceiling_key) if ceiling_key else hashing
    return value / ceiling if value is not None and ceiling else None


invoke = json.load(open(invoke_json))["results"][0]
document = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "cores": int(cores), "workers": int(workers), "blogs": int(blogs),
    "postgres": "durable (fsync, synchronous_commit, full_page_writes on)",
    "ceilings": {"nginx_static": runs["ceiling_nginx_static"],
                 **{key[len("ceiling_"):]: runs[key] for key in ceiling_labels if key in runs},
                 "hashing_logins_per_s": round(hashing, 1), "hashing_measured_all_cores": bool(hash_parallel),
                 "argon2id_hash_ms": float(hash_ms), "cores_over_one_hash_per_s": round(single_hash_bound, 1)},
    "same_work_checks": {"list_body_identical": same_list == "true", "write_answer_same": same_write == "true"},
    "scenarios": {}, "invoke_blog_get_ms": {"mean": invoke["mean"] * 1000, "stddev": invoke["stddev"] * 1000},
    "instructions_invoke_blog_get": int(instructions) if instructions else None,
    "rss_kb": {"idle": int(rss_idle), "after_10k": int(rss_10k), "after_50k": int(rss_50k), "served": int(served)},
}
if fast:
    document["fast_pass"] = {"postgres": "fsync off, full_page_writes off, synchronous_commit on", "runs": fast}


def cell(value, fmt="%.2f"):
    return fmt % value if value is not None else ""


rows = []
for key, (label, ceiling_key, target, ceiling_name, same_key) in targets.items():
    run = runs[key]
    ratio = ratio_of(runs, key, ceiling_key)
    same = ratio_of(runs, key, same_key) if same_key else None
    entry = dict(run, ratio=round(ratio, 3), target=target, ceiling=ceiling_name)
    if same_key:
        entry.update(same_work_ceiling=same_key[len("ceiling_"):], same_work_ratio=round(same, 3))
    document["scenarios"][key] = entry
    row = "| %s | %.0f | %s | %s | %d | %.2f of %s | >= %.2f | %s | %s |" % (
        label, run["requests_per_s"], run["p50_ms"], run["p99_ms"], run["errors"], ratio, ceiling_name, target,
        "met" if ratio >= target else "missed",
        "%.2f of C %s" % (same, same_key[len("ceiling_c_"):]) if same_key else "")
    if fast:
        row += " %s | %s |" % (cell(rps(fast, key), "%.0f"), cell(ratio_of(fast, key, same_key or ceiling_key)) if key in fast else "")
    rows.append(row)

json.dump(document, open(os.path.join(out, "latest.json"), "w"), indent=2)
extra_head, extra_rule, extra_empty = ("", "", "")
if fast:
    extra_head, extra_rule, extra_empty = (" req/s fsync off | ratio fsync off (same-work ceiling where there is one) |",
                                           "---|---|", " | |")


def ceiling_row(key):
    run = runs[key]
    row = "| %s | %.0f | %s | %s | %d | | | | |" % (ceiling_labels[key], run["requests_per_s"], run["p50_ms"],
                                                    run["p99_ms"], run["errors"])
    return row + ((" %s | |" % cell(rps(fast, key), "%.0f")) if fast else "")


md = ["Run %s on %s cores; %s workers per pool (static) and per C responder; %s blogs; PostgreSQL durable "
      "(fsync, synchronous_commit, full_page_writes on)%s. Same work: C list body identical to GET /api/blogs/: %s; "
      "C write answer the same as POST /api/blogs/: %s." % (
          document["date"], cores, workers, blogs,
          "; the last columns are a second pass with fsync and full_page_writes off" if fast else "", same_list, same_write), "",
      "| scenario | req/s | p50 ms | p99 ms | errors | ratio to ceiling | target | | ratio to same-work ceiling |" + extra_head,
      "|---|---|---|---|---|---|---|---|---|" + extra_rule,
      "| ceiling: nginx `return 200` | %.0f | %s | %s | %d | | | | |" % (
          static, runs["ceiling_nginx_static"]["p50_ms"], runs["ceiling_nginx_static"]["p99_ms"],
          runs["ceiling_nginx_static"]["errors"]) + extra_empty,
      ] + [ceiling_row(key) for key in ceiling_labels if key in runs] + [
    ("| ceiling: hashing, %d processes hashing at once for 10 s (one hash alone: %.1f ms, so cores / one hash = %.1f/s) | %.1f | | | | | | | |"
     % (int(cores), float(hash_ms), single_hash_bound, hashing) if hash_parallel else
     "| ceiling: hashing (cores / one Argon2id hash of %.1f ms) | %.1f | | | | | | | |" % (float(hash_ms), hashing)) + extra_empty,
] + rows + [
    "| local invocation GET /api/blogs/{id}/ (hyperfine, 100 runs) | mean %.2f ms (sd %.2f) | | | | | <= 15 ms | %s |" % (
        document["invoke_blog_get_ms"]["mean"], document["invoke_blog_get_ms"]["stddev"],
        "met" if document["invoke_blog_get_ms"]["mean"] <= 15 else "missed") + " |" + extra_empty,
    "| blogs worker RSS: idle / after 10k / after 50k requests | %.1f / %.1f / %.1f MB | | | | | <= 12 / <= 16, flat | %s |" % (
        int(rss_idle) / 1024, int(rss_10k) / 1024, int(rss_50k) / 1024,
        "met" if int(rss_idle) <= 12 * 1024 and int(rss_10k) <= 16 * 1024 and int(rss_50k) <= int(rss_10k) * 1.02 else "missed") + " |" + extra_empty,
    "| instructions per invocation of GET /api/blogs/{id}/ (callgrind, whole process) | %s | | | | | tracked | |" % (
        instructions or "n/a") + " |" + extra_empty,
]
open(os.path.join(out, "latest.md"), "w").write("\n".join(md) + "\n")
