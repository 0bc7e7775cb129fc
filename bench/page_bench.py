"""Page benchmark: every persona's menu pages under gunicorn + wrk, against two yardsticks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench \\
        .venv/bin/python bench/page_bench.py --seed      # migrate + seed 50 stores × 365 days
    .venv/bin/python bench/page_bench.py                 # full run (~5-8 min)
    .venv/bin/python bench/page_bench.py --quick         # 2 s a page (~4 min)
    .venv/bin/python bench/page_bench.py --only supervisor,manager --pages kpi

What it does (bench/README.md has the details and the targets):
1. Optionally migrates and seeds the database (`seed_demo --stores N --days D`).
2. Starts gunicorn as production would: HALLOPS_PRODUCTION=1, DEBUG off, 2 sync workers,
   30 s timeout, persistent DB connections; `bench.settings` adds two yardsticks (a bare
   HttpResponse and base.html + a 50-row table) and plain http on 127.0.0.1.
3. For each persona, creates N fresh logged-in sessions (TRAPS.md: one session row per
   connection, never one shared row; fresh before every page so none has idled out) and
   runs wrk (16 connections) on every page of the persona's menu, the home page, history
   pages with their widest filters, and the charts the pages embed.
4. Counts each page's SQL queries with one Django test-client request under
   CaptureQueriesContext, and prints requests/s, p50/p95, queries, the ratio to the
   reference page and to the bare response, and FAIL flags for missed targets.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/hallops_bench"

# Targets, as ratios measured in one run (bench/README.md).
REFERENCE_VS_BARE = 0.10
HOME_VS_REFERENCE = 0.6
PAGE_VS_REFERENCE = 0.2
# A page run that completes fewer requests than this is measured again, twice as long.
RETRY_BELOW = 5

# (persona, username, role); the fund receiver is granted to a clerk of SJZ001 if missing.
PERSONAS = [
    ("manager", "manager", "store_manager"),
    ("duty", "duty", "duty_manager"),
    ("clerk", "clerk", "clerk"),
    ("handler", "handler", "complaint_handler"),
    ("funds", "sjz001-clerk1", "fund_receiver"),
    ("supervisor", "supervisor", "supervisor"),
]
FUND_RECEIVER_STORE = "SJZ001"


def month_ago() -> str:
    return (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


def days_ago(n: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=n)).isoformat()


def extra_queries() -> dict[str, list[str]]:
    """History pages with their widest filters, by URL name: each string is one more page."""
    last_month = month_ago()
    return {
        "store_manager:roster": [f"?week={days_ago(28)}"],
        "store_manager:attendance": [f"?month={last_month}"],
        "store_manager:audit": ["?page=last"],
        "store_manager:cash": [f"?week={days_ago(14)}"],
        "store_manager:cash_register": ["?pending=on", "?page=last"],
        "store_manager:dutylog_queue": ["?page=last"],
        "store_manager:store_report": [f"?date={days_ago(1)}"],
        "store_manager:service_records": [f"?month={last_month}"],
        "store_manager:kpi": [f"?month={last_month}"],
        "store_manager:complaint_kpi": [f"?month={last_month}"],
        "store_manager:progress": [f"?month={last_month}"],
        "duty_manager:dutylogs": ["?page=last"],
        "duty_manager:cash_board": [f"?day={days_ago(1)}"],
        "duty_manager:reports": ["?page=last"],
        "clerk:reports": ["?page=last"],
        "clerk:progress": [f"?month={last_month}"],
        "complaint_handler:queue": [
            "?status=closed", "?overdue=on", "?mine=on", "?status=new&overdue=on&mine=on&source=hotline",
            "?page=last",
        ],
        "supervisor:dutylogs": ["?page=last", "?status=submitted"],
        "supervisor:complaint_kpi": [f"?month={last_month}"],
    }


@dataclass
class Result:
    persona: str
    page: str
    url: str
    kind: str = "page"  # page | home | reference | bare
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    requests: int = 0
    non2xx: int = 0
    errors: int = 0
    timeouts: int = 0
    queries: int | None = None
    status: int | None = None
    vs_reference: float | None = None
    vs_bare: float | None = None
    flags: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Environment, seeding, gunicorn


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "HALLOPS_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_PRELOAD": "0",
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "BENCH_AXES": "0",
        "PYTHONPATH": str(ROOT),
    })
    env.setdefault("HALLOPS_VAR_DIR", str(ROOT / "var"))
    # Production settings refuse to start without a broker; the pages enqueue nothing here.
    env.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    return env


def manage(env, *args, quiet=False) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, stdout=out)


def start_gunicorn(env, port: int, workers: int, timeout: int, log: Path) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    cmd = [gunicorn, "hallops.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           "--timeout", str(timeout), "--graceful-timeout", "5", "--error-logfile", str(log),
           "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__bench__/ok", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited early; see {log}")
    stop(proc)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------------------------
# Django side: personas, sessions, query counts (imported after the environment is set)


def django_setup(env) -> None:
    for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HALLOPS_PRODUCTION", "DJANGO_DEBUG", "SECRET_KEY",
                "SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD", "DB_CONN_MAX_AGE", "LOG_LEVEL", "BENCH_AXES",
                "HALLOPS_VAR_DIR", "CELERY_BROKER_URL"):
        os.environ[key] = env[key]
    import django

    django.setup()


def resolve_personas(only: set[str] | None) -> list[tuple[str, object, object]]:
    """(persona, user, assignment) for each persona found in the database."""
    from django.contrib.auth import get_user_model

    from hallops.models import RoleAssignment, Store
    from hallops.permissions import Role

    User = get_user_model()
    out = []
    for persona, username, role in PERSONAS:
        if only and persona not in only:
            continue
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            print(f"  ! persona {persona}: no user {username!r} (seed first); skipped")
            continue
        grant = RoleAssignment.objects.filter(user=user, role=role, is_active=True).first()
        if grant is None and role == Role.FUND_RECEIVER:
            from hallops.scoping import store_scope
            from hallops.services.fund_receiver import fund_receiver_grant

            store = Store.objects.get(code=FUND_RECEIVER_STORE)
            manager = RoleAssignment.objects.filter(store=store, role=Role.STORE_MANAGER).first()
            with store_scope(store):  # what the store manager's request would run in
                grant = fund_receiver_grant(actor=manager.user if manager else user, store=store,
                                            user=user)
        if grant is None:
            print(f"  ! persona {persona}: {username} does not hold {role}; skipped")
            continue
        if role == Role.SUPERVISOR:
            # The biggest region this supervisor reads.
            grants = RoleAssignment.objects.filter(user=user, role=role, is_active=True).select_related("region")
            grant = max(grants, key=lambda g: g.region.stores.filter(is_active=True).count())
        out.append((persona, user, grant))
    return out


def fresh_sessions(user, grant, count: int) -> list[str]:
    """`count` new logged-in sessions acting as `grant` (what django.contrib.auth.login stores)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from hallops.permissions import SESSION_REGION, SESSION_ROLE, SESSION_STORE

    # The backend a real sign-in records: the first one that authenticates (axes only locks).
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes."))
    keys = []
    for _ in range(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_ROLE] = grant.role
        session[SESSION_STORE] = grant.store_id
        session[SESSION_REGION] = grant.region_id
        session.create()
        keys.append(session.session_key)
    return keys


def drop_sessions(keys: list[str]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=keys).delete()


def count_queries(session_key: str, url: str, explain_ms: float | None = None) -> tuple[int | None, int, bytes]:
    """(queries, status, body) of one request after a warm-up request (caches filled).

    With `explain_ms`, each SELECT of the page is run again under EXPLAIN ANALYZE and the plan
    of any that executes slower than that is printed (seq scans, sorts, removed rows)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.cookies[settings.CSRF_COOKIE_NAME] = session_key  # as wrk sends it (WRK_LUA)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    body = response.content if not getattr(response, "streaming", False) else b""
    if explain_ms is not None:
        explain(url, [q["sql"] for q in ctx.captured_queries], explain_ms)
    return len(ctx.captured_queries), response.status_code, body


PLAN_LINES = ("Seq Scan", "Sort Method", "Index", "Removed", "Hash Join", "Nested Loop", "Aggregate")


def explain(url: str, queries: list[str], threshold_ms: float) -> None:
    from django.db import connection

    for sql in queries:
        if not sql.startswith("SELECT") or "django_session" in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        found = re.search(r"Execution Time: ([\d.]+)", plan[-1])
        took = float(found.group(1)) if found else 0.0
        if took >= threshold_ms:
            print(f"    EXPLAIN {url}: {took:.1f} ms  {sql[:160]}")
            for line in plan:
                if any(key in line for key in PLAN_LINES):
                    print(f"        {line.strip()[:160]}")


def persona_pages(persona: str, grant) -> list[tuple[str, str, str]]:
    """(label, url, kind) of the persona's home, menu entries and their widest filters."""
    from django.urls import reverse

    from hallops.permissions import ROLE_NAMESPACE
    from hallops.registry import nav_for

    pages = [(f"{ROLE_NAMESPACE[grant.role]}:home", reverse(f"{ROLE_NAMESPACE[grant.role]}:home"), "home")]
    extras = extra_queries()
    for item in nav_for(grant.role):
        pages.append((item.url_name, item.url, "page"))
        for query in extras.get(item.url_name, []):
            pages.append((f"{item.url_name} {query}", item.url + query, "page"))
    if persona == "manager":
        pages.append(("notifications", reverse("notifications"), "page"))
    return pages


SVG_RE = re.compile(rb'<img[^>]+src="(/[^"]+\.svg[^"]*)"')


def embedded_charts(body: bytes) -> list[str]:
    """Chart images a page embeds (rendered by a view), so charts are measured too."""
    import html

    return [html.unescape(m.decode()) for m in SVG_RE.findall(body) if b"/static/" not in m]


# --------------------------------------------------------------------------------------------
# wrk

WRK_LUA = """
local cookies = {%(cookies)s}
local threads = {}
local counter = 0
local non2xx = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  counter = (tid or 1) * 7
end

function request()
  counter = counter + 1
  local cookie = cookies[(counter %% #cookies) + 1]
  -- A browser also holds the CSRF cookie the login page set; the session key (32 letters and
  -- digits) serves as its secret.
  return wrk.format("GET", nil, {["Cookie"] = "%(cookie_name)s=" .. cookie .. "; %(csrf_name)s=" .. cookie,
                                 ["Accept-Language"] = "zh-hans"})
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "non2xx": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), bad,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_wrk(url: str, cookies: list[str], *, cookie_name: str, seconds: float, connections: int,
            threads: int, timeout: int, workdir: Path) -> dict:
    from django.conf import settings

    script = workdir / "rotate.lua"
    quoted = ", ".join(f'"{c}"' for c in cookies) if cookies else '"none"'
    script.write_text(WRK_LUA % {"cookies": quoted, "cookie_name": cookie_name,
                                 "csrf_name": settings.CSRF_COOKIE_NAME})
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", f"--timeout={timeout}s",
           "-s", str(script), url]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed on {url}: {proc.stdout}\n{proc.stderr}")
    return json.loads(line[len("BENCH "):])


def measure(result: Result, base: str, cookies: list[str], args, workdir: Path, cookie_name: str,
            seconds: float | None = None) -> Result:
    data = run_wrk(base + result.url, cookies, cookie_name=cookie_name, seconds=seconds or args.seconds,
                   connections=args.connections, threads=args.threads, timeout=args.timeout, workdir=workdir)
    seconds = data["duration_us"] / 1e6 or 1
    result.requests = data["requests"]
    result.rps = data["requests"] / seconds
    result.p50_ms = data["p50_us"] / 1000
    result.p95_ms = data["p95_us"] / 1000
    result.non2xx = data["non2xx"]
    result.errors = data["connect"] + data["read"] + data["write"]
    result.timeouts = data["timeout"]
    return result


# --------------------------------------------------------------------------------------------
# Report


def local_references(timeline: list[Result]) -> list[float | None]:
    """For each row, the mean of the reference measured just before and just after it.

    The machine is shared and its load drifts over minutes; a reference measured next to a
    page (one before each persona's pages, and at the end) is a fairer yardstick than one
    measured minutes earlier."""
    refs = [(i, r.rps) for i, r in enumerate(timeline) if r.kind == "reference" and r.rps]
    out: list[float | None] = []
    for i in range(len(timeline)):
        before = [rps for j, rps in refs if j < i][-1:]
        after = [rps for j, rps in refs if j > i][:1]
        around = before + after
        out.append(sum(around) / len(around) if around else None)
    return out


def judge(timeline: list[Result], bare_rps: float) -> None:
    all_refs = [r.rps for r in timeline if r.kind == "reference"]
    mean_ref = sum(all_refs) / len(all_refs) if all_refs else 0.0
    for r, local in zip(timeline, local_references(timeline), strict=True):
        reference_rps = mean_ref if r.kind in ("reference", "bare") else local
        r.vs_reference = r.rps / reference_rps if reference_rps else None
        r.vs_bare = r.rps / bare_rps if bare_rps else None
        if r.non2xx or r.errors or r.timeouts:
            r.flags.append(f"FAIL errors: {r.non2xx} non-2xx, {r.errors} socket, {r.timeouts} timeouts")
        elif r.requests == 0:
            r.flags.append("FAIL no answer within the run")
        if r.status is not None and r.status != 200:
            r.flags.append(f"FAIL status {r.status}")
        if r.kind == "reference" and r.vs_bare is not None and r.vs_bare < REFERENCE_VS_BARE:
            r.flags.append(f"FAIL reference < {REFERENCE_VS_BARE} × bare")
        if r.kind == "home" and r.vs_reference is not None and r.vs_reference < HOME_VS_REFERENCE:
            r.flags.append(f"FAIL home < {HOME_VS_REFERENCE} × reference")
        if r.kind in ("page", "chart") and r.vs_reference is not None and r.vs_reference < PAGE_VS_REFERENCE:
            r.flags.append(f"FAIL page < {PAGE_VS_REFERENCE} × reference")


def table(results: list[Result]) -> str:
    head = "| persona | page | req/s | p50 ms | p95 ms | queries | × ref | × bare | flags |"
    lines = [head, "|" + "---|" * 9]
    for r in results:
        ratio = f"{r.vs_reference:.2f}" if r.vs_reference is not None else ""
        bare = f"{r.vs_bare:.3f}" if r.vs_bare is not None else ""
        queries = "" if r.queries is None else str(r.queries)
        lines.append(f"| {r.persona} | {r.page} | {r.rps:.1f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | {queries} | "
                     f"{ratio} | {bare} | {'; '.join(r.flags)} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DB)
    parser.add_argument("--seed", action="store_true", help="migrate and run seed_demo first")
    parser.add_argument("--stores", type=int, default=50, help="seed: generated stores (default 50)")
    parser.add_argument("--days", type=int, default=365, help="seed: days of history (default 365)")
    parser.add_argument("--quick", action="store_true", help="2 s a page instead of 3")
    parser.add_argument("--seconds", type=float, default=None, help="wrk duration a page (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=32, help="logged-in sessions a persona rotates over")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (production: 2 × cores)")
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn worker timeout and wrk timeout (s)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="comma-separated personas (manager,duty,clerk,…)")
    parser.add_argument("--pages", default="", help="only pages whose name or URL contains this text")
    parser.add_argument("--explain", type=float, default=None, metavar="MS",
                        help="print EXPLAIN ANALYZE of every page query slower than MS milliseconds")
    parser.add_argument("--json", default="", help="write the results here (default var/bench/…)")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (2 if args.quick else 3)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("the page benchmark runs on PostgreSQL: set DATABASE_URL or --database-url")

    env = bench_env(args.database_url)
    if args.seed:
        print(f"Seeding {args.stores} stores × {args.days} days …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--stores", str(args.stores), "--days", str(args.days))
        # Planner statistics, as autovacuum would have them in production after bulk inserts.
        manage(env, "dbshell", "--", "-c", "ANALYZE", quiet=True)
    print("collectstatic (manifest storage, as production) …", flush=True)
    manage(env, "collectstatic", "--noinput", "-v0", quiet=True)
    django_setup(env)

    from django.conf import settings

    workdir = Path(tempfile.mkdtemp(prefix="page-bench-"))
    log = Path(env["HALLOPS_VAR_DIR"]) / "bench" / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    personas = resolve_personas({p for p in args.only.split(",") if p} or None)
    if not personas:
        raise SystemExit("no persona found: seed the database first (--seed)")
    base = f"http://127.0.0.1:{args.port}"
    cookie_name = settings.SESSION_COOKIE_NAME
    timeline: list[Result] = []  # every measurement, in the order taken
    used_sessions: list[str] = []
    started = time.monotonic()
    proc = start_gunicorn(env, args.port, args.workers, args.timeout, log)
    try:
        ref_persona, ref_user, ref_grant = personas[0]

        def reference(label: str) -> None:
            keys = fresh_sessions(ref_user, ref_grant, args.sessions)
            used_sessions.extend(keys)
            ref = Result(ref_persona, f"reference page ({label})", "/__bench__/reference/", kind="reference")
            ref.queries, ref.status, _ = count_queries(keys[0], ref.url)
            measure(ref, base, keys, args, workdir, cookie_name)
            timeline.append(ref)
            print(f"  {ref.page}: {ref.rps:.1f} req/s, {ref.queries} queries", flush=True)

        def bare(label: str) -> None:
            keys = fresh_sessions(ref_user, ref_grant, 1)
            used_sessions.extend(keys)
            row = measure(Result("-", f"bare HttpResponse ({label})", "/__bench__/ok", kind="bare"),
                          base, keys, args, workdir, cookie_name)
            timeline.append(row)
            print(f"  {row.page}: {row.rps:.1f} req/s", flush=True)

        bare("start")
        reference("start")
        for n, (persona, user, grant) in enumerate(personas):
            if n:
                reference(f"before {persona}")
            pages = persona_pages(persona, grant)
            seen_charts: set[str] = set()
            i = 0
            while i < len(pages):
                label, url, kind = pages[i]
                i += 1
                if args.pages and args.pages not in label and args.pages not in url:
                    continue
                # Log in again before each page: fresh sessions, none idle, none shared.
                keys = fresh_sessions(user, grant, args.sessions)
                used_sessions.extend(keys)
                result = Result(persona, label, url, kind=kind)
                try:
                    result.queries, result.status, body = count_queries(keys[0], url, args.explain)
                except Exception as exc:  # a 500 in the page itself: report, keep going
                    result.status, body = 500, b""
                    result.flags.append(f"FAIL {type(exc).__name__}: {exc}"[:160])
                for chart in embedded_charts(body):
                    if chart not in seen_charts:
                        seen_charts.add(chart)
                        pages.insert(i, (f"{label.split(' ')[0]} chart {chart.rsplit('/', 1)[-1]}",
                                         chart, "chart"))
                measure(result, base, keys, args, workdir, cookie_name)
                if result.requests < RETRY_BELOW and not (result.non2xx or result.errors or result.timeouts):
                    # A load burst on the shared machine can leave a short run with no answer
                    # at all; measure once more, twice as long, before judging the page.
                    measure(result, base, keys, args, workdir, cookie_name, seconds=args.seconds * 2)
                    result.flags.append("re-measured")
                timeline.append(result)
                print(f"  {persona:10} {label[:60]:60} {result.rps:7.1f} req/s  p50 {result.p50_ms:6.0f} ms  "
                      f"p95 {result.p95_ms:6.0f} ms  {result.queries} q  status {result.status}"
                      f"{'  non-2xx ' + str(result.non2xx) if result.non2xx else ''}", flush=True)
        reference("end")
        bare("end")
    finally:
        stop(proc)
        # Only now: requests still queued in gunicorn when wrk stopped use these sessions.
        drop_sessions(used_sessions)
        shutil.rmtree(workdir, ignore_errors=True)

    bares = [r.rps for r in timeline if r.kind == "bare"]
    refs = [r.rps for r in timeline if r.kind == "reference"]
    bare_rps = sum(bares) / len(bares) if bares else 0.0
    reference_rps = sum(refs) / len(refs) if refs else 0.0
    judge(timeline, bare_rps)
    everything = timeline
    print()
    print(f"Page benchmark {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"gunicorn {args.workers} workers, wrk {args.connections} connections × {args.seconds:g} s a page, "
          f"{args.sessions} sessions a persona; took {time.monotonic() - started:.0f} s")
    print(f"Reference {reference_rps:.1f} req/s (mean of {len(refs)}; pages are compared with the "
          f"references measured just before and after them), bare {bare_rps:.1f} req/s "
          f"→ reference = {reference_rps / bare_rps:.3f} × bare" if bare_rps else "")
    print(table(everything))
    failures = [r for r in everything if any(f.startswith("FAIL") for f in r.flags)]
    print(f"\n{len(failures)} of {len(everything)} rows miss a target." if failures else "\nAll targets met.")
    out = Path(args.json) if args.json else log.parent / f"page_bench-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps([asdict(r) for r in everything], ensure_ascii=False, indent=1))
    print(f"Results: {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
