"""Demo materials for seed_demo (make run), through the services: deliveries, each clerk's
day of invoices, SIM cards, gifts and value cards matching their daily reports and their tally
(each value card sold tapped on the tally under its denomination), one SIM short on purpose
(so the daily report and the duty log show a mismatch), cards held today, a transfer on its
way, an open stock-take waiting for the duty manager, a low-stock item and publicity that
expires today or has expired."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hallops.demo import at, clock, demo_stores, first, not_after, today_of
from hallops.models import BusinessType, ClerkDailyReport, TallyCount
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.scoping import store_scope

from .models import ItemType, Movement, MovementKind, PublicityItem
from .services import (
    movement_issue,
    movement_receive,
    movement_return,
    movement_sell,
    movement_write_off,
    publicity_create,
    stocktake_count,
    stocktake_sign,
    stocktake_start,
    transfer_send,
)

INVOICE_BASE = 30_000_000


def _items() -> dict[str, ItemType]:
    return {i.code: i for i in ItemType.objects.filter(is_active=True)}


def _serial(item: ItemType, n: int, store) -> str:
    """Serial n of this store's stock of the item (the store's id keeps stores apart)."""
    digits = item.serial_length - len(item.serial_prefix) - 4
    return f"{item.serial_prefix}{store.pk % 10000:04d}{n:0{digits}d}"


def _tally(store, clerk, day, item: ItemType, n: int) -> None:
    """The clerk tapped the item's tally key once per card sold (their report is already in,
    so the count is written as it stood at the end of the day)."""
    kind = BusinessType.objects.filter(code=item.tally_code).first()
    if kind is not None:
        TallyCount.objects.update_or_create(store=store, clerk=clerk, business_date=day,
                                            business_type=kind, defaults={"count": n})


def _store_demo(store, items, rng, *, send_to=None) -> None:
    manager, duty = first(store, Role.STORE_MANAGER), first(store, Role.DUTY_MANAGER)
    if manager is None or duty is None:
        return
    today = today_of(store)
    reports = list(ClerkDailyReport.objects.filter(store=store, business_date__lt=today)
                   .select_related("clerk").order_by("business_date", "pk"))
    start = min([r.business_date for r in reports] + [today - datetime.timedelta(days=3)])
    sim, card50, card100, invoice = (items["sim_usim"], items["card_50"], items["card_100"],
                                     items["invoice"])
    with clock(at(start, 8, 30)):
        for item, n, note in ((sim, 300, "CK-SIM-01"), (card50, 200, "CK-VC-01"),
                              (card100, 100, "CK-VC-02")):
            movement_receive(actor=manager, store=store, item=item, reference=note,
                             first_serial=_serial(item, 1, store),
                             last_serial=_serial(item, n, store))
        top = max([r.invoice_last or 0 for r in reports] + [INVOICE_BASE + 999])
        movement_receive(actor=manager, store=store, item=invoice, reference="CK-FP-01",
                         first_serial=f"{INVOICE_BASE:08d}", last_serial=f"{top + 100:08d}")
        for code, n in (("gift_umbrella", 40), ("bag", 30), ("form_acceptance", 400),
                        ("leaflet", 200)):
            movement_receive(actor=manager, store=store, item=items[code], reference="CK-WL-01",
                             quantity=n)
    next_sim, next_card = 1, 1
    for i, report in enumerate(reports):
        clerk, day = report.clerk, report.business_date
        short = i == len(reports) - 1  # the last report: one SIM card not booked as sold
        with clock(at(day, 9, 0)):
            if report.invoice_first is not None:
                movement_issue(actor=duty, store=store, item=invoice, clerk=clerk,
                               first_serial=f"{report.invoice_first:08d}",
                               last_serial=f"{report.invoice_first + 99:08d}")
            s = report.sim_cards_sold
            movement_issue(actor=duty, store=store, item=sim, clerk=clerk,
                           first_serial=_serial(sim, next_sim, store),
                           last_serial=_serial(sim, next_sim + s + 2, store))
            if report.gifts_redeemed:
                movement_issue(actor=duty, store=store, item=items["gift_umbrella"], clerk=clerk,
                               quantity=report.gifts_redeemed)
            if i % 3 == 0:
                movement_issue(actor=duty, store=store, item=card50, clerk=clerk,
                               first_serial=_serial(card50, next_card, store),
                               last_serial=_serial(card50, next_card + 19, store))
        with clock(at(day, 16, 0)):
            sold_sims = s - 1 if short else s
            if sold_sims:
                movement_sell(actor=clerk, store=store, item=sim, clerk=clerk,
                              first_serial=_serial(sim, next_sim, store),
                              last_serial=_serial(sim, next_sim + sold_sims - 1, store))
            if report.invoice_first is not None:
                last_printed = report.invoice_last - report.invoices_voided
                if last_printed >= report.invoice_first:
                    movement_sell(actor=clerk, store=store, item=invoice, clerk=clerk,
                                  first_serial=f"{report.invoice_first:08d}",
                                  last_serial=f"{last_printed:08d}")
                if report.invoices_voided:
                    movement_write_off(actor=clerk, store=store, item=invoice, clerk=clerk,
                                       kind=MovementKind.VOIDED, reason="打印错误",
                                       first_serial=f"{last_printed + 1:08d}",
                                       last_serial=f"{report.invoice_last:08d}")
            if report.gifts_redeemed:
                movement_sell(actor=clerk, store=store, item=items["gift_umbrella"], clerk=clerk,
                              quantity=report.gifts_redeemed)
            sold_cards = rng.randint(5, 12) if i % 3 == 0 else 0
            if sold_cards:
                movement_sell(actor=clerk, store=store, item=card50, clerk=clerk,
                              first_serial=_serial(card50, next_card, store),
                              last_serial=_serial(card50, next_card + sold_cards - 1, store))
                _tally(store, clerk, day, card50, sold_cards)
        with clock(at(day, 18, 10)):
            if report.invoice_first is not None:
                movement_return(actor=duty, store=store, item=invoice, clerk=clerk,
                                first_serial=f"{report.invoice_last + 1:08d}",
                                last_serial=f"{report.invoice_first + 99:08d}")
            movement_return(actor=duty, store=store, item=sim, clerk=clerk,
                            first_serial=_serial(sim, next_sim + sold_sims, store),
                            last_serial=_serial(sim, next_sim + s + 2, store))
            if i % 3 == 0:
                movement_return(actor=duty, store=store, item=card50, clerk=clerk,
                                first_serial=_serial(card50, next_card + sold_cards, store),
                                last_serial=_serial(card50, next_card + 19, store))
                next_card += 20
        next_sim += s + 3
    # Today: the lead clerk holds value cards; a transfer is on its way; an open stock-take.
    lead = first(store, Role.CLERK)
    with clock(not_after(at(today, 9, 5), timezone.now())):
        if lead is not None:
            movement_issue(actor=duty, store=store, item=card50, clerk=lead,
                           first_serial=_serial(card50, next_card, store),
                           last_serial=_serial(card50, next_card + 19, store))
        if send_to is not None:
            transfer_send(actor=manager, store=store, to_store=send_to, item=card100,
                          first_serial=_serial(card100, 81, store),
                          last_serial=_serial(card100, 100, store))
        for title, where, days_left in (("春季促销海报", "门口易拉宝", -2),
                                        ("宽带提速台卡", "2号柜台", 0),
                                        ("5G套餐展板", "等候区", 30)):
            publicity_create(actor=duty, store=store, title=title, location=where,
                             valid_from=today - datetime.timedelta(days=20),
                             valid_until=today + datetime.timedelta(days=days_left))
    if lead is not None:
        with clock(not_after(at(today, 9, 30), timezone.now())):
            take = stocktake_start(actor=duty, store=store, counter=lead)
            counts = {}
            for line in take.lines.select_related("item"):
                if line.item.is_serial:
                    counts[line.pk] = {"ranges": line.expected_ranges}
                elif line.item.code == "bag":
                    counts[line.pk] = {"quantity": line.expected_quantity - 1,
                                       "reason": "一个手提袋破损丢弃，未登记"}
                else:
                    counts[line.pk] = {"quantity": line.expected_quantity}
            stocktake_count(actor=duty, store=store, stocktake=take, counts=counts)
        with clock(not_after(at(today, 9, 40), timezone.now())):
            stocktake_sign(actor=lead, store=store, stocktake=take)


@register_demo_step(order=60)
def materials_demo(*, stores, days, rng, stdout) -> None:
    items = _items()
    if not {"sim_usim", "card_50", "card_100", "invoice", "gift_umbrella", "bag"} <= set(items):
        return
    demo = demo_stores(stores)
    for n, store in enumerate(demo):
        with store_scope(store):
            if Movement.objects.filter(store=store).exists() or \
                    PublicityItem.objects.filter(store=store).exists():
                continue
            send_to = demo[n + 1] if n == 0 and len(demo) > 1 else None
            _store_demo(store, items, rng, send_to=send_to)
    stdout.write("Demo: materials (stock, clerks' days, a transfer, a stock-take, publicity).")
