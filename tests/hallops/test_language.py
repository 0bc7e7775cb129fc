"""Chinese by default, English on request; remembered per person; error pages in both."""

import pytest
from django.test import Client
from django.urls import reverse

from hallops.models import StaffProfile
from tests.conftest import login
from tests.hallops.helpers import CJK, english, say


def lang_of(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_it_speaks_chinese_by_default(db):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert lang_of(response) == "zh-hans"
    html = response.content.decode()
    assert "用户名" in html and "密码" in html  # Django's own catalogue: the form's labels
    assert say("zh-hans", "Log in to HallOps") in html


def test_it_follows_an_english_browser_before_login(db):
    response = Client(headers={"accept-language": "en"}).get(reverse("login"))
    assert lang_of(response) == "en"
    assert "Username" in response.content.decode()


def test_switching_language_sets_the_cookie_and_the_profile(world):
    client = login(world.clerk_a)
    response = client.post(reverse("language_switch"),
                           {"language": "en", "next": reverse("clerk:home")})
    assert response.status_code == 302
    assert response["Location"] == reverse("clerk:home")
    assert response.cookies["hallops_language"].value == "en"
    assert response.cookies["hallops_language"]["httponly"] == ""  # read by nobody but Django
    assert StaffProfile.objects.get(user=world.clerk_a).language == "en"
    page = client.get(reverse("clerk:home"))
    assert lang_of(page) == "en"
    assert say("en", "Clock in") in page.content.decode()

    # A new session on another computer (no cookie) still reads English.
    elsewhere = login(world.clerk_a)
    assert "hallops_language" not in elsewhere.cookies
    assert lang_of(elsewhere.get(reverse("clerk:home"))) == "en"

    # And back to Chinese.
    client.post(reverse("language_switch"), {"language": "zh-hans"})
    assert StaffProfile.objects.get(user=world.clerk_a).language == "zh-hans"
    assert lang_of(login(world.clerk_a).get(reverse("clerk:home"))) == "zh-hans"


def test_the_header_offers_the_switch(world, clients):
    html = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert f'action="{reverse("language_switch")}"' in html
    assert 'name="language" value="en"' in html and 'name="language" value="zh-hans"' in html


def test_switching_refuses_unknown_languages_and_foreign_redirects(world):
    client = login(world.clerk_a)
    response = client.post(reverse("language_switch"),
                           {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "hallops_language" not in response.cookies
    assert StaffProfile.objects.get(user=world.clerk_a).language == ""


def test_an_anonymous_visitor_can_switch_on_the_login_page(db):
    client = Client()
    response = client.post(reverse("language_switch"), {"language": "en"})
    assert response["Location"] == reverse("login")
    assert lang_of(client.get(reverse("login"))) == "en"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_error_pages_speak_the_readers_language(world, clients, language):
    client = english(clients.clerk_a) if language == "en" else clients.clerk_a
    forbidden = client.get(reverse("store_manager:home"))
    assert forbidden.status_code == 403
    assert lang_of(forbidden) == language
    assert say(language, "You do not have permission to open this page.") in (
        forbidden.content.decode())

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert lang_of(missing) == language
    assert say(language, "The page or record you asked for does not exist, or it belongs to "
                         "another store.") in missing.content.decode()


@pytest.mark.urls("tests.hallops.urls_errors")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_500_page_has_no_traceback(world, settings, language):
    settings.DEBUG = False
    client = login(world.clerk_a)
    if language == "en":
        english(client)
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert lang_of(response) == language
    assert say(language, "Server error") in html
    assert "secret-internal-detail" not in html
    assert "Traceback" not in html and "RuntimeError" not in html


MSGIDS_SHOWN_IN_CHINESE = [
    "Log in to HallOps",
    "Clock in",
    "Clocked in.",
    "You do not have permission to open this page.",
    "Server error",
    "No duty manager is rostered.",
    "Nobody is rostered.",
    "A shift cannot end at the time it starts.",
    "You are not clocked in, so you cannot clock out.",
    "Some cells hold a shift that does not exist; nothing was saved.",
    "%(name)s does not work in this store.",
]


@pytest.mark.parametrize("msgid", MSGIDS_SHOWN_IN_CHINESE)
def test_the_messages_checked_here_read_chinese_in_chinese(msgid):
    assert CJK.search(say("zh-hans", msgid)), f"no Chinese translation for {msgid!r}"
