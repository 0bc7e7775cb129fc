"""Helpers shared by the foundation tests."""

import re

from django.contrib.messages import get_messages
from django.utils import translation

CJK = re.compile(r"[\u4e00-\u9fff]")


def say(language: str, msgid: str, **params) -> str:
    """`msgid` as a person reading `language` sees it (with %-params filled in)."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def flashed(response) -> list[str]:
    """The messages queued by the request that produced `response` (before a redirect)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def english(client):
    """Make `client` read the interface in English (the language cookie)."""
    client.cookies["hallops_language"] = "en"
    return client
