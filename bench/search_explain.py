"""EXPLAIN ANALYZE of the search page's queries on the volume seed (issue 17).

    createdb -h 127.0.0.1 -U postgres -T hallops_volume hallops_search_vol
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_search_vol
    .venv/bin/python manage.py migrate && psql … -c ANALYZE
    .venv/bin/python bench/search_explain.py [--store CODE]

For one store (a store role) and its region (a supervisor) it runs each kind's query for a
last-four lookup, a whole customer number, an external number, a clerk's name, words and a
date, and prints the execution time and the indexes the plan used. Figures: bench/README.md.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallops.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from complaints.models import WorkOrder  # noqa: E402
from hallops.models import Store  # noqa: E402
from hallops.people import display_name  # noqa: E402
from hallops.scoping import region_scope, store_scope  # noqa: E402
from search.query import parse  # noqa: E402
from search.selectors import BUILDERS, CAP, people_named  # noqa: E402


def explain(qs) -> tuple[float, list[str]]:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    ms = float(re.search(r"Execution Time: ([\d.]+)", lines[-1]).group(1))
    scan = re.compile(r"(?:Scan using|Scan on|Index Scan on) (\S+)")
    used = sorted({m.group(1) for line in lines for m in [scan.search(line)] if m})
    return ms, used


def run(label: str, store_ids: list[int], texts: dict[str, str]) -> None:
    print(f"\n== {label} ({len(store_ids)} stores)")
    for what, text in texts.items():
        query = parse(text)
        started = time.perf_counter()
        people = people_named(query.text, store_ids) if query.is_words else []
        people_ms = (time.perf_counter() - started) * 1000
        for kind, (builder, order) in BUILDERS.items():
            built = builder(query, people)
            if built is None:
                continue
            qs, cond = built
            try:
                ms, used = explain(qs.filter(cond, store_id__in=store_ids).order_by(*order)[:CAP + 1])
            except Exception as error:  # an empty IN () is answered without a query
                if type(error).__name__ != "EmptyResultSet":
                    raise
                continue
            print(f"{what:<16} {kind:<15} {ms:8.2f} ms  {', '.join(used)}")
        if query.is_words:
            print(f"{what:<16} {'(people)':<15} {people_ms:8.2f} ms  ({len(people)} people)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", default=None)
    args = parser.parse_args()
    store = (Store.objects.get(code=args.store) if args.store
             else Store.objects.order_by("pk").first())
    with store_scope(store):
        order = WorkOrder.objects.exclude(external_no="").order_by("-received_at").first()
        clerk = order.store.till_sessions.select_related("clerk").first().clerk
    texts = {
        "last four": order.customer_number[-4:],
        "whole number": order.customer_number,
        "external no": order.external_no,
        "order no part": order.number[-10:],
        "clerk name": display_name(clerk),
        "words": "网络",
        "date": f"{order.received_at:%Y-%m-%d}",
    }
    with store_scope(store):
        run(f"store {store.code}", [store.pk], texts)
    with region_scope(store.region_id):
        ids = list(Store.objects.filter(region_id=store.region_id).values_list("pk", flat=True))
        run(f"region {store.region_id}", ids, texts)


if __name__ == "__main__":
    main()
