#!/usr/bin/env python3
"""Figures of one load-test run (loadtest/run.sh): per request throughput and p50/p95/p99 from each Gatling HTML
report, HotHolds' wrk figures (hot_* and hot_bare_* in figures.env, printed by loadtest/wrk/hold.lua), the figures the
runner measured (figures.env), and the ratios to the bare baseline. Markdown on stdout."""
import html
import os
import re
import sys

COLS = {2: "total", 3: "ok", 4: "ko", 6: "rps", 8: "p50", 10: "p95", 11: "p99", 12: "max"}


def parse_report(path):
    """Rows of the statistics table of a Gatling index.html: name -> {total, ok, ko, rps, p50, p95, p99, max}."""
    text = open(path, encoding="utf-8").read()
    rows = {}
    for tr in re.findall(r'<tr id="[^"]*"[^>]*>(.*?)</tr>', text, re.S):
        name = re.search(r'class="ellipsed-name">(.*?)</span>', tr, re.S)
        if not name:
            continue
        cells = dict((int(c), v.strip()) for v, c in
                     ((m.group(2), m.group(1)) for m in re.finditer(r'col-(\d+)">\s*([^<]*)</td>', tr)))
        row = {}
        for col, key in COLS.items():
            v = cells.get(col, "-").replace(",", "")
            try:
                row[key] = float(v)
            except ValueError:
                row[key] = None
        rows[html.unescape(name.group(1)).strip()] = row
    return rows


def fmt(v, digits=0):
    return "-" if v is None else (f"{v:,.{digits}f}")


def main(run):
    figs = {}
    env = os.path.join(run, "figures.env")
    if os.path.exists(env):
        for line in open(env):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                try:
                    figs[k] = float(v)
                except ValueError:
                    figs[k] = v  # a label (hot_bare_route)
    reports = {}
    gdir = os.path.join(run, "gatling")
    for tag in sorted(os.listdir(gdir)) if os.path.isdir(gdir) else []:
        index = os.path.join(gdir, tag, "index.html")
        if os.path.exists(index):
            reports[tag] = parse_report(index)

    print(f"## Figures of {os.path.basename(run)}\n")
    for tag, rows in reports.items():
        print(f"### {tag}\n")
        print("| request | total | OK | KO | req/s | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, r in rows.items():
            print(f"| {name} | {fmt(r['total'])} | {fmt(r['ok'])} | {fmt(r['ko'])} | {fmt(r['rps'], 1)} | "
                  f"{fmt(r['p50'])} | {fmt(r['p95'])} | {fmt(r['p99'])} | {fmt(r['max'])} |")
        print()

    def wrk_rate(prefix):
        """Answers per second of a wrk phase: wrk's own requests/s, or, when a thread ran out of candidates and
        stopped early (which makes wrk divide by the whole duration), hold.lua's window, first request to last answer."""
        if figs.get(f"{prefix}_threads_ran_out"):
            return figs.get(f"{prefix}_window_rps")
        return figs.get(f"{prefix}_wrk_rps")

    hot = wrk_rate("hot") if "hot_answered" in figs else None
    hot_bare = wrk_rate("hot_bare") if "hot_bare_answered" in figs else None
    if hot is not None or hot_bare is not None:
        print(f"### hot holds (wrk: {fmt(figs.get('hot_wrk_threads_given'))} threads, "
              f"{fmt(figs.get('hot_connections'))} connections, {fmt(figs.get('hot_seconds_given'))} s, closed loop; "
              f"{fmt(figs.get('hot_drafts'))} drafts, {fmt(figs.get('hot_capacity'))} seats)\n")
        print("| phase | answers | answers/s | 200 | 409 | sold out | 429 | 503 | other | p50 ms | p90 ms "
              "| p99 ms | max ms | socket errors |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        winners = figs.get("hot_bare_route") == "/bare/pg/insert"
        bare_label = ("bare: POST /bare/pg/insert (every hold a winner)" if winners
                      else f"bare: POST {figs.get('hot_bare_route') or '/bare/redis/hold'} (sold out: 200 \"sold-out\")")
        for label, prefix, rate in ((bare_label, "hot_bare", hot_bare),
                                    ("service: PUT /api/v1/registrations/{id}/subjects", "hot", hot)):
            if f"{prefix}_answered" not in figs:
                continue
            g = lambda k: figs.get(f"{prefix}_{k}")
            errors = sum(g(k) or 0 for k in ("err_connect", "err_read", "err_write", "err_timeout"))
            print(f"| {label} | {fmt(g('answered'))} | {fmt(rate, 1)} | {fmt(g('s200'))} | {fmt(g('s409'))} | "
                  f"{fmt(g('sold_out'))} | "
                  f"{fmt(g('s429'))} | {fmt(g('s503'))} | {fmt(g('other'))} | {fmt(g('p50_ms'), 1)} | "
                  f"{fmt(g('p90_ms'), 1)} | {fmt(g('p99_ms'), 1)} | {fmt(g('max_ms'), 1)} | {fmt(errors)} |")
        print()
        def per_answer(prefix, what):
            cpu, n = figs.get(f"{prefix}_{what}_cpu_s"), figs.get(f"{prefix}_answered")
            return cpu * 1e6 / n if cpu and n else None
        us = {(p, w): per_answer(p, w) for p in ("hot_bare", "hot") for w in ("server", "machine")}
        if all(v is not None for v in us.values()):
            print(f"- CPU per answer (user + system over the whole wrk run, /proc): bare server "
                  f"{us['hot_bare', 'server']:.1f} µs, service {us['hot', 'server']:.1f} µs "
                  f"(the bare's {us['hot_bare', 'server'] / us['hot', 'server'] * 100:.0f} %); the whole machine "
                  f"(wrk, Redis, PostgreSQL and the kernel included) {us['hot_bare', 'machine']:.1f} µs in the bare "
                  f"run, {us['hot', 'machine']:.1f} µs in the service's")
        for prefix in ("hot_bare", "hot"):
            if figs.get(f"{prefix}_threads_ran_out"):
                print(f"- {prefix}: {fmt(figs[prefix + '_threads_ran_out'])} of {fmt(figs.get(prefix + '_threads'))} wrk "
                      f"threads ran out of candidates (first after {figs.get(prefix + '_first_ran_out_after_s', 0):.2f} s): "
                      f"answers/s over hold.lua's window of {figs.get(prefix + '_window_seconds', 0):.2f} s, not wrk's "
                      f"{fmt(figs.get(prefix + '_wrk_rps'), 1)}/s; holds in flight when a thread stopped are not counted")
        if "hot_warmup_seconds" in figs:
            print(f"- both servers warmed up first with {fmt(figs['hot_warmup_seconds'])} s of the same path (not counted): "
                  f"bare {fmt(figs.get('warm_bare_answered'))} answers, service {fmt(figs.get('warm_hot_answered'))} "
                  f"({fmt(figs.get('warm_hot_s200'))} of them 200)")
        if "hot_wins" in figs:
            print(f"- seats won at the hot center (registration_subject): {fmt(figs['hot_wins'])}, 200 answers counted by "
                  f"wrk: {fmt(figs.get('hot_s200'))}{' in the measured run' if 'hot_warmup_seconds' in figs else ''}")
        print()

    def rps(tag, name):
        r = reports.get(tag, {}).get(name)
        return None if r is None else r["rps"]

    def ok_rps(tag, name):
        r = reports.get(tag, {}).get(name)
        return None if r is None or r["total"] in (None, 0) else r["rps"] * r["ok"] / r["total"]

    lines = []

    def ratio(label, ours, bare, target):
        if ours is None or bare in (None, 0):
            return
        pct = 100 * ours / bare
        lines.append(f"| {label} | {ours:,.1f} | {bare:,.1f} | {pct:.0f} % | {target} | "
                     f"{'met' if pct >= float(target.strip('≥ %')) else 'MISSED'} |")

    ratio("sold-out hold (all answers) vs bare Redis script", ok_rps("hammer", "hold hot subject"),
          ok_rps("bare-redis-hold", "bare redis/hold"), "≥ 60 %")
    if figs.get("hot_bare_route") == "/bare/pg/insert":
        ratio("winning hold by wrk (every hold a winner) vs bare Pg insert by wrk", hot, hot_bare, "≥ 60 %")
    else:
        pinned = " (one pinned connection)" if figs.get("hot_bare_route") == "/bare/redis/hold-pinned" else ""
        ratio(f"sold-out hold by wrk (all answers) vs bare Redis script{pinned} by wrk", hot, hot_bare, "≥ 60 %")
    if figs.get("hammer_wins") and figs.get("hammer_win_span_seconds"):
        wins_per_s = figs["hammer_wins"] / max(figs["hammer_win_span_seconds"], 0.001)
        ratio("winning hold (seats written per s, from held_at) vs bare Pg insert", wins_per_s,
              ok_rps("bare-pg-insert", "bare pg/insert"), "≥ 60 %")
    if figs.get("callbacks_delivered") and figs.get("callbacks_span_seconds"):
        cb = figs["callbacks_delivered"] / max(figs["callbacks_span_seconds"], 0.001)
        ratio("callbacks accepted per s (sim_notify delivered_at) vs bare Pg update", cb,
              ok_rps("bare-pg-update", "bare pg/update"), "≥ 50 %")
    if figs.get("logins_succeeded") and figs.get("login_seconds"):
        ratio("successful logins per s vs raw argon2id verifications per s", figs["logins_succeeded"] / figs["login_seconds"],
              ok_rps("bare-argon2", "bare argon2"), "≥ 90 %")
    if lines:
        print("### Ratios to the bare baseline (same run, same injection)\n")
        print("| figure | ours /s | bare /s | ratio | target | |")
        print("|---|---:|---:|---:|---|---|")
        print("\n".join(lines))
        print()

    logins = reports.get("logins", {})
    pairs = [(n[len("quiet: "):], logins[n], logins.get("storm: " + n[len("quiet: "):])) for n in logins if n.startswith("quiet: ")]
    if pairs:
        print("### Other routes' p99 during the login storm (target: at most doubled)\n")
        print("| route | p99 quiet ms | p99 storm ms | factor |")
        print("|---|---:|---:|---:|")
        for name, q, s in pairs:
            if s and q["p99"]:
                print(f"| {name} | {fmt(q['p99'])} | {fmt(s['p99'])} | {s['p99'] / q['p99']:.1f}x |")
        print()

    access = os.path.join(run, "service.log")
    if os.path.exists(access):
        counts = {}
        pat = re.compile(r" access - (\S+) (\S+) (\d{3}) ")
        for line in open(access, encoding="utf-8", errors="replace"):
            m = pat.search(line)
            if not m:
                continue
            path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}", m.group(2).split("?")[0])
            path = re.sub(r"/[0-9]+(?=/|$)", "/{n}", path)
            path = re.sub(r"/orders/[A-Za-z0-9_-]{6,32}/", "/orders/{no}/", path)
            c = counts.setdefault(f"{m.group(1)} {path}", [0, 0, 0])
            c[0] += 1
            code = int(m.group(3))
            if code == 503:
                c[1] += 1
            elif code >= 500:
                c[2] += 1
        print("### Answers per route in the service's access log (503 = shed with Retry-After)\n")
        print("| route | requests | 503 OVERLOADED | other 5xx |")
        print("|---|---:|---:|---:|")
        for route, (n, shed, bad) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
            if n >= 10 or bad:
                print(f"| {route} | {n:,} | {shed:,} ({100 * shed / n:.1f} %) | {bad:,} |")
        print()

    if "opening_admitted" in figs:
        op = reports.get("opening", {})
        admitted, span = figs.get("opening_admitted", 0), figs.get("opening_admit_span_seconds", 0)
        holds, hspan = figs.get("opening_holds_written", 0), figs.get("opening_holds_span_seconds", 0)
        print(f"### The opening minute behind the waiting room ({fmt(figs.get('opening_candidates'))} candidates, "
              f"{fmt(figs.get('opening_seats'))} seats)\n")
        print("| figure | value |")
        print("|---|---:|")
        print(f"| admitted (waiting_room_entry) | {fmt(admitted)} in {span:.1f} s: "
              f"{admitted / max(span, 0.001):,.1f}/s |")
        print(f"| seat path served (subject choices written, audit_log) | {fmt(holds)} in {hspan:.1f} s: "
              f"{holds / max(hspan, 0.001):,.1f}/s |")
        print(f"| highest admission rate the room set (ncre_queue_rate) | {fmt(figs.get('opening_rate_max'))}/s |")
        print(f"| seats won / joined a waiting list | {fmt(figs.get('opening_won'))} / {fmt(figs.get('opening_waitlisted'))} |")
        print(f"| candidates who saw their admission / gave up polling | {fmt(figs.get('opening_admitted_seen'))} / "
              f"{fmt(figs.get('opening_gave_up'))} |")
        print(f"| intruders refused ADMISSION_REQUIRED (both routes) | {fmt(figs.get('opening_intruders_refused'))} of "
              f"{fmt(figs.get('opening_intruders'))} |")
        for name in ("room enter", "room poll"):
            if name in op:
                print(f"| p99 of {name} | {fmt(op[name]['p99'])} ms ({fmt(op[name]['total'])} answers) |")
        print()

    hold = ok_rps("hammer", "hold hot subject")
    print("### Other figures\n")
    if hold is not None:
        print(f"- hold answers per s on one hot center x subject: {hold:,.0f} (target ≥ 1,000; injected "
              f"{fmt(figs.get('hammer_hold_rate'))}/s for {fmt(figs.get('hammer_hold_seconds'))} s)")
    if hot is not None:
        print(f"- hold answers per s on one hot center x subject, wrk closed loop: {hot:,.0f} (target ≥ 1,000: "
              f"{'met' if hot >= 1000 else 'MISSED'}; {fmt(figs.get('hot_connections'))} connections, "
              f"p99 {fmt(figs.get('hot_p99_ms'), 1)} ms)")
    if figs.get("hammer_wins"):
        print(f"- seats won: {fmt(figs['hammer_wins'])} in {figs.get('hammer_win_span_seconds', 0):.2f} s")
    if figs.get("heap_high_water_bytes"):
        print(f"- service heap high-water mark (sum of jvm_memory_used_bytes area=heap, sampled each second): "
              f"{figs['heap_high_water_bytes'] / 2**20:,.0f} MiB")
    if figs.get("redis_bytes_per_session"):
        print(f"- Redis memory per session: {fmt(figs['redis_bytes_per_session'])} bytes "
              f"(INFO used_memory before/after {fmt(figs.get('redis_sessions_measured'))} seeded sessions)")
    if figs.get("callbacks_counted") is not None and "callbacks_counted" in figs:
        print(f"- callbacks counted by the service (ncre_callbacks_total delta): {fmt(figs['callbacks_counted'])}")
    if figs.get("logins_succeeded"):
        print(f"- successful logins: {fmt(figs['logins_succeeded'])} in {fmt(figs.get('login_seconds'))} s")


if __name__ == "__main__":
    main(sys.argv[1])
