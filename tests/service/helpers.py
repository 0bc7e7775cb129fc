import datetime
import io
from decimal import Decimal

from openpyxl import Workbook

from hallops.businessdate import business_date
from hallops.models import Store
from service.models import CheckForm, CheckItem
from service.services import mystery_visit_record, service_check_record


def today() -> datetime.date:
    """The business date now (a store's default day start): what the services call today."""
    return business_date(store=Store())


def default_form() -> CheckForm:
    form = CheckForm.default()
    assert form is not None, "the data migration seeds the default form"
    return form


def items(form=None) -> list[CheckItem]:
    return list((form or default_form()).items.filter(is_active=True).order_by("sort_order"))


def record_check(world, *, faults=(), actor=None, staff=None, store=None, notes=None):
    """A check of clerk_a by dm_a with the items whose codes are in `faults` failed."""
    form = default_form()
    answers = {i.pk: (i.code not in faults, (notes or {}).get(i.code, "")) for i in items(form)}
    return service_check_record(actor=actor or world.dm_a, store=store or world.store_a,
                                staff=staff or world.clerk_a, form=form, answers=answers)


def record_visit(world, *, reference="MS-1", day=None, staff=None, scores=None):
    form = default_form()
    by_code = {i.code: i for i in items(form)}
    scores = scores or {"greet_arrival": Decimal("4"), "first_ask": Decimal("10")}
    return mystery_visit_record(
        actor=world.sm_a, store=world.store_a, form=form, reference=reference,
        visited_on=day or today() - datetime.timedelta(days=1), staff=staff,
        scores={by_code[c].pk: (Decimal(s), "") for c, s in scores.items()})


def workbook(rows, header=("访问编号", "访问日期", "工号", "姓名", "检查项编码", "得分", "备注")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "ms.xlsx"
    return out
