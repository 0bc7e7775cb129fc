"""CPU per request of chosen pages, in process, beside the reference page (a steadier yardstick
than wrk's req/s on a machine busy with other work: process time, not wall time).

    DATABASE_URL=postgres://… .venv/bin/python bench/cpu_pages.py [--repeat 20] [--pages home,cash]
    DATABASE_URL=postgres://… .venv/bin/python bench/cpu_pages.py --only manager --all

`--all`: every page page_bench measures for the persona (home, menu, widest filters, the charts
a page embeds), with a "low" flag below 0.3 × reference (0.8 for a home): the margin the wrk
targets (0.2 and 0.6) need, since this ratio is their upper bound.

Prints per page: CPU ms a request (median), queries, and the reference's CPU ÷ the page's
(comparable with page_bench's "× ref" when the database is not the bottleneck)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import page_bench  # noqa: E402

# The settings page_bench gives gunicorn: production, DEBUG off.
page_bench.django_setup(page_bench.bench_env(os.environ["DATABASE_URL"]))

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def cpu_ms(client: Client, url: str, repeat: int) -> tuple[float, int, int, bytes]:
    client.get(url)
    client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        response = client.get(url)
        samples.append((time.process_time() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(samples), len(ctx.captured_queries), response.status_code, response.content


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", default="", help="substrings of URL names (default: homes)")
    parser.add_argument("--only", default="", help="personas")
    parser.add_argument("--all", action="store_true", help="every page of the personas, charts included")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production's manifest
    from hallops.scoping import scopes_disabled

    with scopes_disabled():
        people = page_bench.resolve_personas(set(args.only.split(",")) if args.only else None)
    wanted = [w for w in args.pages.split(",") if w] or ["home"]
    for persona, user, grant in people:
        with scopes_disabled():
            key = page_bench.fresh_sessions(user, grant, 1)[0]
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        client.cookies[settings.CSRF_COOKIE_NAME] = key
        ref, ref_q, _, _ = cpu_ms(client, "/__bench__/reference/", args.repeat)
        print(f"{persona:10} reference                      {ref:7.1f} ms  {ref_q:3d} q", flush=True)
        pages = page_bench.persona_pages(persona, grant)
        seen_charts: set[str] = set()
        i = 0
        while i < len(pages):
            name, url, kind = pages[i]
            i += 1
            if not args.all and not any(w in name or w in url for w in wanted):
                continue
            ms, queries, status, body = cpu_ms(client, url, args.repeat)
            if args.all:
                for chart in page_bench.embedded_charts(body):
                    if chart not in seen_charts:
                        seen_charts.add(chart)
                        pages.insert(i, (f"{name.split(' ')[0]} chart {chart.rsplit('/', 1)[-1]}", chart, "chart"))
            low = "  low" if ref / ms < (0.8 if kind == "home" else 0.3) else ""
            print(f"{persona:10} {name[:60]:60} {ms:7.1f} ms  {queries:3d} q  status {status}  "
                  f"× ref {ref / ms:.2f}{low}", flush=True)


if __name__ == "__main__":
    main()
