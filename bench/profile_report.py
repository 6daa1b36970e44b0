"""Renders bench/results/profile.json (bench/profile.sh) as markdown on stdout."""
import json
import re
import subprocess
import sys



def portable(text):
    """A name without this machine's paths: a library or binary by its file name, a source file
    from `Sources/`, nothing of the benchmark's temporary folder."""
    text = re.sub(r"\[/[^\]]*/([^/\]]*)", r"[\1", text.strip())      # [/usr/lib/.../libc.so.6] -> [libc.so.6]
    text = re.sub(r"(^|\s)(/[^\s:]*/)?(Sources/|\./)", r"\1\3", text)      # <checkout>/Sources/... -> Sources/...
    return re.sub(r"/tmp/agora-bench\.[^/]+/", "", text)


def portable_tree(value):
    if isinstance(value, str):
        return portable(value)
    if isinstance(value, list):
        return [portable_tree(v) for v in value]
    if isinstance(value, dict):
        return {portable(k): portable_tree(v) for k, v in value.items()}
    return value


if len(sys.argv) == 4 and sys.argv[1] == "--portable":
    # bench/profile.sh: the results as committed, without this machine's paths.
    json.dump(portable_tree(json.load(open(sys.argv[2]))), open(sys.argv[3], "w"), indent=1)
    sys.exit(0)

doc = json.load(open(sys.argv[1]))


def readable(names):
    """Swift symbols demangled (swift demangle, where the toolchain is on PATH), paths shortened."""
    names = list(names)
    try:
        demangled = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                                   capture_output=True, text=True, timeout=60).stdout.split("\n")
        if len(demangled) < len(names):
            demangled = names
    except (OSError, subprocess.SubprocessError):
        demangled = names
    out = {}
    for name, text in zip(names, demangled):
        out[name] = portable(text)
    return out


names = set()
for target in ("blog", "c"):
    for kind in ("top_self", "top_inclusive"):
        for entry in (doc.get("callgrind", {}).get(target, {}) or {}).get(kind, []) or []:
            names.add(entry["function"])
    for key in (target, "nginx_" + target):
        for entry in (doc.get("perf", {}).get(key, {}) or {}).get("top_symbols", []) or []:
            names.add(entry.get("symbol", ""))
for key in ("c_select1", "routes"):
    for kind in ("top_inclusive", "top_functions_self"):
        for entry in (doc.get("startup", {}).get(key, {}) or {}).get(kind, []) or []:
            names.add(entry["function"])
NAMES = readable(sorted(names))


def nice(text):
    return NAMES.get(text, text).replace("|", "\\|")
meta = doc.get("meta", {})
out = []
say = out.append
say("Profile %s on %s cores (load %s at the end); PostgreSQL %s; %s blogs; one static worker per function and one C "
    "worker; wrk through nginx, 4 connections, %s requests per measure (callgrind: %s; mixed: %s)." % (
        meta.get("date"), meta.get("cores"), meta.get("load"), meta.get("postgres"), meta.get("blogs"), meta.get("n"),
        meta.get("callgrind_n"), meta.get("mixed_n")))
say("")
say("`blog` is `GET /api/blogs/{id}/` (an UPDATE of the view count ... RETURNING, joined); `c` is the C + libpq "
    "responder's `GET /bench/c?id=` (one prepared SELECT by id, the same joins, no view count).")
say("")


def get(*keys):
    node = doc
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def fmt(value, pattern="%s"):
    return pattern % value if value is not None else "n/a"


say("CPU figures come from /proc/PID/stat clock ticks (10 ms each): their resolution is 10 ms / N per request.")
say("")
say("| per request | blog GET (Swift worker) | C responder | blog / C |")
say("|---|---|---|---|")


def row(label, blog, c, pattern="%.1f"):
    ratio = "%.1f×" % (blog / c) if blog is not None and c else ""
    say("| %s | %s | %s | %s |" % (label, fmt(blog, pattern), fmt(c, pattern), ratio))


row("user-space instructions (callgrind, worker alone)", get("callgrind", "blog", "instructions_per_request"),
    get("callgrind", "c", "instructions_per_request"), "%d")
if get("perf", "hardware_counters"):
    row("instructions:u (perf stat)", get("perf", "blog", "instructions:u_per_request"),
        get("perf", "c", "instructions:u_per_request"), "%d")
row("system calls (strace -c)", get("strace", "blog", "syscalls_per_request"), get("strace", "c", "syscalls_per_request"), "%.2f")
row("worker CPU µs (utime+stime)", get("cpu", "blog", "worker_us_per_request"), get("cpu", "c", "worker_us_per_request"))
row("runner CPU µs (utime+stime)", get("cpu", "blog", "runner_us_per_request"), get("cpu", "c", "runner_us_per_request"))
row("PostgreSQL backends CPU µs (the application role's)", get("cpu", "blog", "postgres_us_per_request"),
    get("cpu", "c", "postgres_us_per_request"))
row("nginx workers CPU µs", get("cpu", "blog", "nginx_us_per_request"), get("cpu", "c", "nginx_us_per_request"))
say("")
if get("cpu", "blog"):
    say("Throughput during the CPU measure (4 connections, smoke only): blog %d requests in %.1f s, C %d in %.1f s." % (
        get("cpu", "blog", "requests"), get("cpu", "blog", "seconds"), get("cpu", "c", "requests"), get("cpu", "c", "seconds")))
    say("")

strace_blog, strace_c = get("strace", "blog", "per_call") or {}, get("strace", "c", "per_call") or {}
if strace_blog or strace_c:
    say("System calls per request, by call (strace -c -f -p):")
    say("")
    say("| syscall | blog GET | C responder |")
    say("|---|---|---|")
    for name in sorted(set(strace_blog) | set(strace_c), key=lambda k: -(strace_blog.get(k, 0) + strace_c.get(k, 0))):
        say("| %s | %s | %s |" % (name, strace_blog.get(name, ""), strace_c.get(name, "")))
    say("")

for target, label in (("blog", "blog GET (Swift worker)"), ("c", "C responder")):
    calls = get("strace", target, "one_request")
    if calls:
        say("One request's system calls, %s (strace, the 10th of 20 requests, accept to accept):" % label)
        say("")
        say("```")
        out.extend(calls)
        say("```")
        say("")

for target, label in (("blog", "blog GET (Swift worker)"), ("c", "C responder")):
    top = get("callgrind", target, "top_self")
    if top:
        say("Instructions per request by function, own cost, %s (callgrind: a run of %s requests minus a run of "
            "one, over the difference):" % (label, get("callgrind", target, "requests")))
        say("")
        say("| Ir per request | function |")
        say("|---|---|")
        for entry in top[:25]:
            say("| %d | `%s` |" % (entry["ir_per_request"], nice(entry["function"])))
        say("")
    inclusive = get("callgrind", target, "top_inclusive")
    if inclusive:
        say("Instructions per request by function, inclusive (callees counted), %s:" % label)
        say("")
        say("| Ir per request | function |")
        say("|---|---|")
        for entry in inclusive[:40]:
            say("| %d | `%s` |" % (entry["ir_per_request"], nice(entry["function"])))
        say("")

for target, label in (("blog", "blog GET"), ("c", "C responder")):
    dsos = get("perf", target, "by_dso")
    if dsos:
        say("CPU samples by object, %s (perf record -e cpu-clock; no hardware counters here): %s" % (
            label, ", ".join("%s %.1f%%" % (d.get("dso"), d["percent"]) for d in dsos[:8])))
        say("")
        symbols = get("perf", target, "top_symbols") or []
        if symbols:
            say("| % | object | symbol |")
            say("|---|---|---|")
            for entry in symbols[:15]:
                say("| %.2f | %s | `%s` |" % (entry["percent"], entry.get("dso", ""), nice(entry.get("symbol", ""))))
            say("")

for target, label in (("blog", "GET /api/blogs/{id}/"), ("c", "GET /bench/c?id=")):
    nginx = get("perf", "nginx_" + target)
    if nginx and nginx.get("by_dso"):
        say("nginx's workers during %s (perf record -e cpu-clock, %s samples, about %s µs of CPU per request): %s" % (
            label, nginx.get("samples"), fmt(nginx.get("us_per_request")),
            ", ".join("%s %.1f%%" % (d.get("dso"), d["percent"]) for d in nginx["by_dso"][:6])))
        say("")
        say("| % | object | symbol |")
        say("|---|---|---|")
        for entry in nginx.get("top_symbols", [])[:12]:
            say("| %.2f | %s | `%s` |" % (entry["percent"], entry.get("dso", ""), nice(entry.get("symbol", ""))))
        say("")

startup = get("startup", "hyperfine") or {}
if startup:
    say("Start-up (hyperfine, 50 runs through sh, shell start subtracted):")
    say("")
    say("| command | median ms | mean ms | user ms | system ms |")
    say("|---|---|---|---|---|")
    for command, values in startup.items():
        say("| %s | %.2f | %.2f | %.2f | %.2f |" % (command, values["median_ms"], values["mean_ms"], values["user_ms"],
                                                   values["system_ms"]))
    say("")
select1 = get("startup", "c_select1") or {}
if select1.get("instructions"):
    say("`c_select1` (libpq connect to 127.0.0.1 as the application role, SCRAM-SHA-256, SELECT 1): %d instructions "
        "(callgrind, client side only); inclusive:" % select1["instructions"])
    say("")
    say("| Ir | % | function |")
    say("|---|---|---|")
    for entry in select1.get("top_inclusive", [])[:14]:
        say("| %d | %.2f | `%s` |" % (entry["ir"], entry["percent"], nice(entry["function"])))
    say("")
routes = get("startup", "routes") or {}
if routes:
    say("Where `agora-blogs routes` goes: %s instructions (callgrind); dynamic loader: %s relocations (%s relative, %s "
        "from cache), %s cycles in the loader at start; %s minor / %s major page faults, max RSS %s kB; "
        "binary %.1f MB, %d linked libraries %.1f MB." % (
            fmt(routes.get("instructions")), fmt(routes.get("relocations")), fmt(routes.get("relative_relocations")),
            fmt(routes.get("relocations_from_cache")),
            fmt(routes.get("loader_total_cycles")), fmt(routes.get("minor_page_faults")),
            fmt(routes.get("major_page_faults")), fmt(routes.get("max_rss_kb")), routes["binary_bytes"] / 1e6,
            len(routes.get("libraries", [])), routes.get("libraries_bytes", 0) / 1e6))
    say("")
    if routes.get("top_functions_self"):
        say("| Ir | % | function (self) |")
        say("|---|---|---|")
        for entry in routes["top_functions_self"][:12]:
            say("| %d | %.2f | `%s` |" % (entry["ir"], entry["percent"], nice(entry["function"])))
        say("")
    if routes.get("syscalls"):
        say("System calls of `agora-blogs routes`: " + ", ".join("%s %d" % kv for kv in list(routes["syscalls"].items())[:12]))
        say("")
    if routes.get("libraries"):
        say("Linked libraries: " + ", ".join("%s %.0f kB" % (l["name"], l["bytes"] / 1024) for l in routes["libraries"]))
        say("")

memory = get("memory")
if memory:
    say("Private memory of every worker after %s requests of mixed kinds (smaps_rollup, kB):" % memory["mixed_requests"])
    say("")
    say("| function | pid | requests served | Private_Dirty | Private_Clean | Pss | Rss |")
    say("|---|---|---|---|---|---|---|")
    for w in memory["workers"]:
        say("| %s | %s | %s | %s | %s | %s | %s |" % (w["function"], w["pid"], fmt(w.get("requests")), fmt(w.get("Private_Dirty")),
                                                    fmt(w.get("Private_Clean")), fmt(w.get("Pss")), fmt(w.get("Rss"))))
    say("")
print("\n".join(out))
