"""Writes bench/results/latest.json and latest.md from one run of bench/run.sh."""
import datetime
import json
import os
import sys

(results_tsv, invoke_json, hash_ms, cores, instructions, rss_idle, rss_10k, rss_50k, served, workers, blogs,
 out) = sys.argv[1:13]

runs = {}
for line in open(results_tsv):
    name, conns, rps, p50, p99, errors = line.split()
    runs[name] = {"connections": int(conns), "requests_per_s": float(rps), "p50_ms": p50, "p99_ms": p99,
                  "errors": int(errors)}

static = runs["ceiling_nginx_static"]["requests_per_s"]
c_ceiling = runs["ceiling_c_libpq"]["requests_per_s"]
hashing = int(cores) / (float(hash_ms) / 1000)
targets = {
    "blog_get_random": ("GET /api/blogs/{random id}/, anonymous", c_ceiling, 0.80, "C+libpq"),
    "blog_list_first_page": ("GET /api/blogs/ first page", c_ceiling, 0.50, "C+libpq"),
    "auth_user_bearer": ("GET /api/auth/user/ with a bearer token", c_ceiling, 0.70, "C+libpq"),
    "blog_post_bearer": ("POST /api/blogs/ with a bearer token", c_ceiling, 0.30, "C+libpq"),
    "auth_login": ("POST /api/auth/login/, 4 connections", hashing, 0.85, "hashing"),
}
invoke = json.load(open(invoke_json))["results"][0]
document = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "cores": int(cores), "workers": int(workers), "blogs": int(blogs),
    "ceilings": {"nginx_static": runs["ceiling_nginx_static"], "c_libpq": runs["ceiling_c_libpq"],
                 "hashing_logins_per_s": round(hashing, 1), "argon2id_hash_ms": float(hash_ms)},
    "scenarios": {}, "invoke_blog_get_ms": {"mean": invoke["mean"] * 1000, "stddev": invoke["stddev"] * 1000},
    "instructions_invoke_blog_get": int(instructions) if instructions else None,
    "rss_kb": {"idle": int(rss_idle), "after_10k": int(rss_10k), "after_50k": int(rss_50k), "served": int(served)},
}
rows = []
for key, (label, ceiling, target, ceiling_name) in targets.items():
    run = runs[key]
    ratio = run["requests_per_s"] / ceiling if ceiling else 0
    document["scenarios"][key] = dict(run, ratio=round(ratio, 3), target=target, ceiling=ceiling_name)
    rows.append("| %s | %.0f | %s | %s | %d | %.2f of %s | >= %.2f | %s |" % (
        label, run["requests_per_s"], run["p50_ms"], run["p99_ms"], run["errors"], ratio, ceiling_name, target,
        "met" if ratio >= target else "missed"))

json.dump(document, open(os.path.join(out, "latest.json"), "w"), indent=2)
md = ["Run %s on %s cores; %s workers per pool (static) and per C responder; %s blogs." % (
    document["date"], cores, workers, blogs), "",
    "| scenario | req/s | p50 ms | p99 ms | errors | ratio to ceiling | target | |", "|---|---|---|---|---|---|---|---|",
    "| ceiling: nginx `return 200` | %.0f | %s | %s | %d | | | |" % (static, runs["ceiling_nginx_static"]["p50_ms"],
                                                                  runs["ceiling_nginx_static"]["p99_ms"],
                                                                  runs["ceiling_nginx_static"]["errors"]),
    "| ceiling: C + libpq FastCGI, SELECT by id | %.0f | %s | %s | %d | | | |" % (
        c_ceiling, runs["ceiling_c_libpq"]["p50_ms"], runs["ceiling_c_libpq"]["p99_ms"], runs["ceiling_c_libpq"]["errors"]),
    "| ceiling: hashing (cores / one Argon2id hash of %.1f ms) | %.1f | | | | | | |" % (float(hash_ms), hashing),
] + rows + [
    "| local invocation GET /api/blogs/{id}/ (hyperfine, 100 runs) | mean %.2f ms (sd %.2f) | | | | | <= 15 ms | %s |" % (
        document["invoke_blog_get_ms"]["mean"], document["invoke_blog_get_ms"]["stddev"],
        "met" if document["invoke_blog_get_ms"]["mean"] <= 15 else "missed"),
    "| blogs worker RSS: idle / after 10k / after 50k requests | %.1f / %.1f / %.1f MB | | | | | <= 12 / <= 16, flat | %s |" % (
        int(rss_idle) / 1024, int(rss_10k) / 1024, int(rss_50k) / 1024,
        "met" if int(rss_idle) <= 12 * 1024 and int(rss_10k) <= 16 * 1024 and int(rss_50k) <= int(rss_10k) * 1.02 else "missed"),
    "| instructions per invocation of GET /api/blogs/{id}/ (callgrind, whole process) | %s | | | | | tracked | |" % (
        instructions or "n/a"),
]
open(os.path.join(out, "latest.md"), "w").write("\n".join(md) + "\n")
