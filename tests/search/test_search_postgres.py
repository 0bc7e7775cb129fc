"""On PostgreSQL the search's lookups can use the indexes of search/migrations: the last four
digits of a customer number (an expression index) and words in names and text (pg_trgm)."""

import pytest
from django.db import connection

from search.query import parse
from search.selectors import BUILDERS

pytestmark = pytest.mark.postgres


def _plan(qs) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "text", "index"), [
    ("work_order", "5678", "search_workorder_customer_number_last4"),
    ("work_order", "10086555", "search_workorder_external_no_trgm"),
    ("opinion", "5678", "search_customeropinion_customer_phone_last4"),
    ("opinion", "空调太冷", "search_customeropinion_content_trgm"),
])
def test_it_reaches_the_search_indexes(kind, text, index):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    builder, order = BUILDERS[kind]
    qs, cond = builder(parse(text), [])
    plan = _plan(qs.filter(cond).order_by(*order))
    assert index in plan, plan

