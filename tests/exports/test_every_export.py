"""Every list page made exportable answers ?format=xlsx and ?format=csv to each of its roles
(the roles of its permission-matrix case), with a workbook openpyxl opens and a CSV with BOM."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.permission_matrix import PERSONA_ROLES
from tests.test_permission_matrix import CASES

from .pages import EXPORTABLE


def _personas(case):
    return [p for p, role in PERSONA_ROLES.items()
            if role in case.roles and not p.endswith("_b") and case.expected(p) == 200]


def test_every_exportable_page_has_a_matrix_case_that_lets_someone_in():
    for url_name in EXPORTABLE:
        assert _personas(CASES[url_name]), url_name


@pytest.mark.parametrize("url_name", EXPORTABLE)
def test_it_exports_the_page_as_xlsx_and_csv_for_each_of_its_roles(url_name, world, clients):
    case = CASES[url_name]
    url = reverse(url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    query = case.query.lstrip("?")
    page = None
    for persona in _personas(case):
        client = getattr(clients, persona)
        if page is None:
            page = client.get(f"{url}?{query}")
            assert 'data-testid="export-buttons"' in page.content.decode(), url_name
        xlsx = client.get(f"{url}?{query}&format=xlsx")
        assert xlsx.status_code == 200, (url_name, persona, xlsx.status_code)
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in xlsx["Content-Disposition"]
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        header = next(sheet.iter_rows(values_only=True))
        assert all(header), (url_name, header)
        csv = client.get(f"{url}?{query}&format=csv")
        assert csv.status_code == 200, (url_name, persona, csv.status_code)
        assert csv.content.startswith(b"\xef\xbb\xbf")
        first = csv.content.decode("utf-8-sig").splitlines()[0]
        assert first.split(",")[0] == header[0].split("（")[0] or first.startswith(header[0][:2])
