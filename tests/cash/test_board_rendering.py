"""The cash board renders its many small forms without crispy's templates (issue 10: it
spent half its time there), in the markup crispy gives them."""

from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.template import Context, Template
from django.urls import reverse

from hallops.templatetags.plain_fields import plain_field
from roles.duty_manager.forms_cash import ConfirmForm, ExpectedForm, FloatIssueForm, TailCashForm
from tests.cash.helpers import counted_till, handed_in_till

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    """Tags, attributes and text with whitespace between tags ignored."""

    def __init__(self):
        super().__init__()
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.out.append(("end", tag))

    def handle_data(self, data):
        if data.split():
            self.out.append(("data", " ".join(data.split())))


def tags(html) -> list:
    parser = _Tags()
    parser.feed(str(html))
    return parser.out


def _bound(form):
    form.is_valid()
    return form


def test_it_renders_fields_as_crispy_does_with_errors_values_and_help(world):
    forms = [
        ExpectedForm(prefix="e1"),
        _bound(ExpectedForm({"e1-cash": "abc", "e1-card": '1"<b>'}, prefix="e1")),
        _bound(ConfirmForm({"c1-received_cash": ""}, prefix="c1")),
        _bound(FloatIssueForm({"clerk": "", "amount": "-1"}, store=world.store_a)),
        FloatIssueForm(store=world.store_a),
        _bound(TailCashForm({"day": "bad", "amount": "1", "note": "<x>"})),
    ]
    for form in forms:
        for field in form:
            # plain first: crispy leaves its classes on the widget.
            plain = plain_field(field)
            assert tags(plain) == tags(as_crispy_field(form[field.name])), field.name


def test_it_renders_whole_forms_as_crispy_does_with_form_errors(world):
    float_form = _bound(FloatIssueForm({"amount": "x"}, store=world.store_a))
    float_form.add_error(None, "Refused <b>here</b>")
    for form in (float_form, TailCashForm(initial={"day": "2026-11-28"})):
        plain = Template('{% include "_partials/plain_form.html" %}').render(Context({"form": form}))
        crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
            Context({"form": form}))
        assert tags(plain) == tags(crispy)
        assert "<b>here" not in plain


def test_it_renders_the_board_without_crispy_templates(world, clients):
    counted_till(world)
    response = clients.dm_a.get(reverse("duty_manager:cash_board"))
    assert response.status_code == 200
    used = {t.name for t in response.templates}
    assert not any(name.startswith("bootstrap5/") for name in used), used
    assert 'data-testid="expected-form"' in response.content.decode()


def test_it_shows_a_refused_confirmation_with_its_error_on_the_board(world, clients):
    session = handed_in_till(world)
    response = clients.dm_a.post(reverse("duty_manager:cash_confirm", args=[session.pk]),
                                 {f"c{session.pk}-received_cash": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_c{session.pk}-received_cash"' in html
    assert 'class="numberinput form-control is-invalid"' in html
    assert 'value="abc"' in html


def _board_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("duty_manager:cash_board")).status_code == 200
    return len(ctx.captured_queries)


def test_it_names_who_confirmed_each_till_without_a_query_a_till(world, clients):
    from tests import factories
    from tests.cash.helpers import confirmed_till

    confirmed_till(world)
    _board_queries(clients.dm_a)  # the first request of a session also refreshes it
    one = _board_queries(clients.dm_a)
    for i in range(3):
        confirmed_till(world, clerk=factories.make_user(f"c{i}", role="clerk",
                                                        store=world.store_a))
    assert _board_queries(clients.dm_a) == one
