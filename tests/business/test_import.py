import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from hallops.businessdate import business_date
from hallops.models import AuditEntry
from tests.business.factories import bt, make_report, pl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, header=("业务编码", "业务名称", "笔数")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("daily.xlsx", buffer.getvalue(), content_type=XLSX)


def upload(client, report, file):
    return client.post(reverse("clerk:report_import", kwargs={"pk": report.pk}), {"file": file},
                       follow=True)


def counts(report):
    return {(line.business_type or line.product_line).code: line.count
            for line in report.lines.all()}


def test_it_imports_a_clean_billing_export(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a),
                         counts={"payment": 1, "enquiry": 4})
    response = upload(clients.clerk_a, report, workbook([
        ("payment", "缴费", 37), ("sim_swap", "换卡", 3.0), ("broadband", "宽带", "2"),
        (None, None, None),
    ]))
    assert response.status_code == 200
    assert counts(report) == {"payment": 37, "sim_swap": 3, "broadband": 2, "enquiry": 4}
    assert AuditEntry.objects.filter(action="clerk_report.saved").exists()


def test_it_accepts_english_headers(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a))
    upload(clients.clerk_a, report, workbook([("enquiry", "Enquiry", 9)],
                                             header=("Code", "Name", "Count")))
    assert counts(report) == {"enquiry": 9}


def test_it_lists_every_bad_row_and_imports_nothing(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a),
                         counts={"payment": 1})
    response = upload(clients.clerk_a, report, workbook([
        ("payment", "缴费", 10),
        ("nonsense", "?", 1),
        ("sim_swap", "换卡", -2),
        ("broadband", "宽带", "many"),
        ("payment", "缴费", 3),
        ("enquiry", "查询", 1.5),
    ]))
    page = response.content.decode()
    for row in ("3", "4", "5", "6", "7"):
        assert f"{row}" in page
    assert page.count('data-testid="message"') >= 6
    assert "nonsense" in page and "many" in page
    assert counts(report) == {"payment": 1}


def test_it_refuses_wrong_columns(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a))
    response = upload(clients.clerk_a, report, workbook([("payment", 3)], header=("工号", "笔数")))
    page = response.content.decode()
    assert "业务编码 | 业务名称 | 笔数" in page and "工号" in page
    assert counts(report) == {}


def test_it_refuses_a_file_that_is_not_a_workbook(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a))
    fake = SimpleUploadedFile("daily.xlsx", b"not,a,workbook\n", content_type=XLSX)
    response = upload(clients.clerk_a, report, fake)
    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()
    assert counts(report) == {}


def test_it_refuses_an_import_into_a_submitted_report(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a),
                         status="submitted")
    upload(clients.clerk_a, report, workbook([("payment", "缴费", 5)]))
    assert counts(report) == {}
    assert bt("payment") and pl("broadband")
