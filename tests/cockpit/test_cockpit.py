"""The regional supervisor's cockpit: today's table, trends, ranking, drill-downs."""

import datetime
import re

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import WorkOrder
from hallops.models import DutyLog, DutyLogStatus, Incident
from hallops.selectors import cockpit as figures
from roles.supervisor import cockpit
from tests import factories
from tests.cash import helpers as cash
from tests.complaints.helpers import make_order
from tests.dutyops import helpers as h


def _home(clients, query=""):
    response = clients.supervisor.get(reverse("supervisor:home") + query)
    assert response.status_code == 200
    return response


def _row(response, store):
    return next(r for r in response.context["rows"] if r.store == store)


def test_it_shows_every_store_of_the_region_green_when_nothing_is_wrong(world, clients):
    factories.make_store("A2", region=world.region_a)
    response = _home(clients)
    codes = [r.store.code for r in response.context["rows"]]
    assert world.store_a.code in codes and "A2" in codes
    assert world.store_b.code not in codes  # another region
    row = _row(response, world.store_a)
    assert row.cell("faults").level == cockpit.GREEN
    assert row.cell("complaints").level == cockpit.GREEN
    html = response.content.decode()
    # The rule is on the cell (title) and the level is spelled, not only coloured.
    assert 'title="' in html and str(cockpit.RULES["faults"])[:10] in html
    assert "✓" in html


def test_it_turns_cells_red_and_amber_with_the_store_s_problems(world, clients):
    h.incident(world)  # an incident not ended → red
    order = make_order(world)
    WorkOrder.objects.filter(pk=order.pk).update(next_due_at=timezone.now() - datetime.timedelta(hours=1))
    cash.handed_in_till(world)  # a 5-yuan shortage today and a hand-in not yet confirmed
    row = _row(_home(clients), world.store_a)
    assert row.cell("faults").level == cockpit.RED
    assert row.cell("complaints").level == cockpit.RED
    assert "1" in row.cell("complaints").text
    assert row.cell("cash").level == cockpit.AMBER
    assert "5.00" in row.cell("cash").text


def test_it_flags_yesterday_s_log_late_after_its_deadline(world, clients):
    day = h.yesterday(world.store_a)
    h.dutylog(world, day=day)  # a draft, never submitted
    now = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                        datetime.time(10, 0)))
    states = figures.duty_log_states([world.store_a], day + datetime.timedelta(days=1), now)
    assert states[world.store_a.pk]["late"] == 1
    early = now.replace(hour=8)
    assert figures.duty_log_states([world.store_a], day + datetime.timedelta(days=1),
                                   early)[world.store_a.pk]["late"] == 0
    rows = cockpit.today_rows(world.region_a.stores.all(), now=now)
    assert next(r for r in rows if r.store == world.store_a).cell("dutylog").level == cockpit.RED


def test_it_filters_and_sorts_the_table(world, clients):
    other = factories.make_store("A9", name="新华营业厅", region=world.region_a)
    h.incident(world)
    red_only = _home(clients, "?level=red&col=faults")
    assert [r.store for r in red_only.context["rows"]] == [world.store_a]
    by_name = _home(clients, "?q=新华")
    assert [r.store for r in by_name.context["rows"]] == [other]
    worst_first = _home(clients, "?sort=faults")
    assert worst_first.context["rows"][0].store == world.store_a
    best_first = _home(clients, "?sort=faults&dir=asc")
    assert best_first.context["rows"][-1].store == world.store_a
    # A bad filter value is ignored, not a 500.
    assert _home(clients, "?level=purple&sort=%00").status_code == 200


def test_every_cell_drills_down_to_a_page_of_the_region(world, clients):
    response = _home(clients)
    row = _row(response, world.store_a)
    for cell in row.cells:
        page = clients.supervisor.get(cell.url)
        assert page.status_code == 200, cell.url
    assert row.cell("dutylog").url.endswith(f"?store={world.store_a.pk}")


def test_the_store_page_shows_the_figures_and_refuses_another_region(world, clients):
    h.incident(world)
    order = make_order(world)
    WorkOrder.objects.filter(pk=order.pk).update(next_due_at=timezone.now() - datetime.timedelta(hours=1))
    response = clients.supervisor.get(reverse("supervisor:store", args=[world.store_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html and "整栋楼停电" in html
    assert clients.supervisor.get(reverse("supervisor:store", args=[world.store_b.pk])).status_code == 404
    inactive = factories.make_store("A3", region=world.region_a, is_active=False)
    assert clients.supervisor.get(reverse("supervisor:store", args=[inactive.pk])).status_code == 404


def test_the_duty_log_list_filters_by_store_of_the_region(world, clients):
    other = factories.make_store("A4", region=world.region_a)
    h.dutylog(world)
    url = reverse("supervisor:dutylogs")
    assert len(clients.supervisor.get(f"{url}?store={world.store_a.pk}").context["page"]) == 1
    assert len(clients.supervisor.get(f"{url}?store={other.pk}").context["page"]) == 0
    # A store of another region is not a choice: the filter is ignored with an error, no leak.
    h.dutylog(world, store=world.store_b, user=world.dm_b)
    response = clients.supervisor.get(f"{url}?store={world.store_b.pk}")
    assert response.status_code == 200
    assert all(log.store.region == world.region_a for log in response.context["page"])


def test_the_trend_charts_draw_the_region_and_one_store(world, clients):
    cash.handed_in_till(world)
    month = timezone.localdate().replace(day=1)
    counts = cockpit.monthly_counts(world.region_a, world.region_a.stores.filter(is_active=True),
                                    [month])
    assert counts[(world.store_a.pk, month)]["sessions"] == 1
    assert counts[(world.store_a.pk, month)]["with_difference"] == 1
    assert cockpit.series(counts, "cash", [month], [world.store_a.pk]) == [100]
    for kind in cockpit.TRENDS:
        response = clients.supervisor.get(reverse("supervisor:trend_chart", args=[kind])
                                          + f"?store={world.store_a.pk}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert world.store_a.name in response.content.decode()
    chart = reverse("supervisor:trend_chart", args=["cash"])
    assert clients.supervisor.get(chart + f"?store={world.store_b.pk}").status_code == 404
    assert clients.supervisor.get(chart + "?store=x").status_code == 404
    assert clients.supervisor.get(reverse("supervisor:trend_chart", args=["nope"])).status_code == 404


def test_the_ranking_orders_stores_by_score_with_the_month_before(world):
    low, high = factories.make_store("R1", region=world.region_a), factories.make_store("R2", region=world.region_a)
    month = datetime.date(2026, 3, 1)
    before = datetime.date(2026, 2, 1)
    counts = {
        (low.pk, month): {"items": 10, "on_time": 5},
        (high.pk, month): {"items": 10, "on_time": 9},
        (low.pk, before): {"items": 10, "on_time": 10},
        (high.pk, before): {"items": 10, "on_time": 1},
    }
    rows = cockpit.ranking(counts, [low, high, world.store_a], month)
    assert [r.store for r in rows[:2]] == [high, low]
    assert rows[0].rank == 1 and rows[0].rank_change == 1
    assert rows[1].rank_change == -1
    assert rows[0].score_change == 80
    assert rows[2].score is None and rows[2].rank == 0  # nothing measured: unranked, last


def test_the_month_trends_count_duty_logs_on_time(world):
    day = h.yesterday(world.store_a)
    log = h.submitted_log(world, day=day)
    DutyLog.objects.filter(pk=log.pk).update(
        status=DutyLogStatus.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(20))))
    counts = figures.month_trends([world.store_a], day.replace(day=1), day, today=day)
    row = counts[(world.store_a.pk, day.replace(day=1))]
    assert row["logs"] == 1 and row["logs_on_time"] == 1
    DutyLog.objects.filter(pk=log.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime.combine(
            day + datetime.timedelta(days=2), datetime.time(12))))
    counts = figures.month_trends([world.store_a], day.replace(day=1), day, today=day)
    assert counts[(world.store_a.pk, day.replace(day=1))].get("logs_on_time", 0) == 0


def _populate(world, stores: int, prefix: str):
    for n in range(stores):
        store = factories.make_store(f"{prefix}{n}", region=world.region_a)
        factories.roster(store, factories.make_user(role="clerk", store=store), timezone.localdate())
        Incident.objects.create(store=store, kind="other", business_date=timezone.localdate(),
                                started_at=timezone.now(), started_by=world.dm_a, summary="停电")


def _count(client, url) -> int:
    client.get(url)  # warm up (the session's first request)
    caches["figures"].clear()  # then measure without the cached figures
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cockpit_runs_the_same_queries_with_few_and_many_stores(world, clients):
    _populate(world, 1, "f")
    home, store_page = reverse("supervisor:home"), reverse("supervisor:store", args=[world.store_a.pk])
    chart = reverse("supervisor:trend_chart", args=["attendance"])
    few = [_count(clients.supervisor, url) for url in (home, store_page, chart)]
    _populate(world, 30, "m")
    many = [_count(clients.supervisor, url) for url in (home, store_page, chart)]
    assert many == few, (few, many)
    caches["figures"].clear()  # the page's markup is kept with its snapshot: read anew
    assert len(_home(clients).context["rows"]) == 32
    assert many[0] <= 40
    # Today's table and the months are cached: a second view skips their queries.
    with CaptureQueriesContext(connection) as cached:
        clients.supervisor.get(home)
    assert len(cached) < many[0]


def test_the_cockpit_serves_its_kept_markup_until_the_next_snapshot(world, clients):
    """The cockpit's markup is kept with its one-minute snapshot, per query string: the same
    page without the rows' queries; a new snapshot (the minute past) renders anew."""
    h.incident(world)
    url = reverse("supervisor:home") + "?level=red"
    clients.supervisor.get(url)  # warm up (the session's first request)
    caches["figures"].clear()

    def page(url):  # the shell's CSRF tokens differ from request to request
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "",
                      clients.supervisor.get(url).content.decode())

    first = page(url)
    with CaptureQueriesContext(connection) as kept:
        second = page(url)
    assert second == first and 'data-testid="cockpit-row"' in second
    # Session, user, acting role, the region's stores (once), the tasks panel, the bell.
    assert len(kept) <= 7, [q["sql"][:80] for q in kept]
    other = clients.supervisor.get(reverse("supervisor:home") + "?level=red&q=nowhere")
    assert 'data-testid="cockpit-row"' not in other.content.decode()  # its own query string
    Incident.objects.filter(store=world.store_a).update(ended_at=timezone.now())
    assert page(url) == first  # the same snapshot
    caches["figures"].clear()  # the snapshot's minute past
    assert 'data-testid="cockpit-row"' not in clients.supervisor.get(url).content.decode()


def test_the_region_kpis_and_duty_logs_run_the_same_queries_with_few_and_many_stores(
        world, clients):
    _populate(world, 1, "f")
    month = timezone.localdate().strftime("%Y-%m")
    urls = (reverse("supervisor:complaint_kpi"),
            reverse("supervisor:complaint_kpi_chart", args=["week"]) + f"?month={month}",
            reverse("supervisor:dutylogs"))
    few = [_count(clients.supervisor, url) for url in urls]
    _populate(world, 30, "m")
    many = [_count(clients.supervisor, url) for url in urls]
    assert many == few, (few, many)
    # The month's counts are read once for the region and its stores (twice before).
    assert many[0] <= 13 and many[1] <= 8 and many[2] <= 9, many


def test_the_table_and_the_ranking_export_as_xlsx_and_csv(world, clients):
    import io

    from openpyxl import load_workbook

    h.incident(world)
    csv = clients.supervisor.get(reverse("supervisor:home") + "?format=csv&level=red")
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert world.store_a.name in text and "整栋楼停电" not in text  # the figures, not the rows
    assert "✗" in text
    xlsx = clients.supervisor.get(reverse("supervisor:home") + "?format=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert any(world.store_a.name in str(c.value) for row in sheet.iter_rows() for c in row)
    ranking = clients.supervisor.get(reverse("supervisor:ranking") + "?format=csv")
    assert ranking.status_code == 200
    assert world.store_a.code in ranking.content.decode("utf-8-sig")
    page = clients.supervisor.get(reverse("supervisor:ranking"))
    assert page.status_code == 200 and page.context["ranking"]
