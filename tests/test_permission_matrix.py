"""Walk every URL name of the project × every persona and assert the status code."""

import contextlib
import importlib
import pathlib
from unittest import mock

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS
from tests.permission_matrix import Case

# Third-party URL namespaces that have their own access rules.
EXCLUDED_NAMESPACES = {"admin"}


def _url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _url_names(p.url_patterns, prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def _load_cases() -> dict[str, Case]:
    root = pathlib.Path(__file__).parent
    cases: dict[str, Case] = {}
    for path in sorted(root.rglob("permission_cases.py")):
        module_name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for case in importlib.import_module(module_name).CASES:
            assert case.url_name not in cases, f"two cases for {case.url_name}"
            cases[case.url_name] = case
    return cases


CASES = _load_cases()


def test_it_covers_every_url_name():
    missing = sorted(set(_url_names()) - set(CASES))
    assert not missing, f"URLs without a permission-matrix case: {missing}"
    unknown = sorted(set(CASES) - set(_url_names()))
    assert not unknown, f"cases for URLs that do not exist: {unknown}"


def _rendering(persona: str, case: Case, rendered: list) -> contextlib.AbstractContextManager:
    """Render each URL's templates once, for the first persona it lets in; the other personas
    only check access, with template rendering stubbed out (the matrix is about status codes,
    and rendering each page ten times was most of its time)."""
    if not rendered and case.expected(persona) == case.ok:
        rendered.append(persona)
        return contextlib.nullcontext()
    return mock.patch("django.template.backends.django.Template.render", return_value="")


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_it_answers_each_persona_as_expected(url_name, world, clients):
    case = CASES[url_name]
    url = reverse(url_name, kwargs=case.kwargs(world) if case.kwargs else None) + case.query
    failures = []
    rendered: list[str] = []
    for persona in PERSONAS:
        client = getattr(clients, persona)
        data = case.data(world) if case.data else {}
        with _rendering(persona, case, rendered):
            response = getattr(client, case.method)(url, data)
        expected = case.expected(persona)
        if response.status_code != expected:
            failures.append(f"{persona}: {response.status_code} != {expected}")
        if persona == "anon" and expected == 302 and not case.public:
            assert "/accounts/login/" in response["Location"], url_name
    assert not failures, f"{url_name} ({url}): " + "; ".join(failures)
