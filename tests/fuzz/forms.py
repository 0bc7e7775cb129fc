"""The forms of a page as the browser sees them: action, method and fields with the values
the page offers (select options, checkbox values, what is filled in)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve


@dataclass
class Field:
    name: str
    kind: str  # text, select, checkbox, radio, file, hidden, textarea, number, date, …
    options: list = field(default_factory=list)  # values the page offers
    multiple: bool = False


@dataclass
class FormSpec:
    action: str  # a path
    method: str  # "get" or "post"
    fields: dict = field(default_factory=dict)  # name → Field

    @property
    def url_name(self) -> str | None:
        try:
            match = resolve(self.action)
        except Resolver404:
            return None
        return match.view_name

    def key(self) -> tuple:
        return (self.action, self.method, tuple(sorted(self.fields)))


class _Parser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[FormSpec] = []
        self.form: FormSpec | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def _add(self, name, kind, value=None, multiple=False):
        if not name or self.form is None:
            return None
        spec = self.form.fields.setdefault(name, Field(name=name, kind=kind, multiple=multiple))
        if kind == "checkbox" and spec.kind == "checkbox" and len(spec.options) >= 1:
            spec.multiple = True
        if value is not None and value not in spec.options:
            spec.options.append(value)
        return spec

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path)).path
            self.form = FormSpec(action=action, method=(a.get("method") or "get").lower())
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset") and not a.get("name"):
                return
            self._add(a.get("name"), kind, a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "button" and a.get("name"):
            self._add(a.get("name"), "button", a.get("value", ""))
        elif tag == "select":
            self.select = self._add(a.get("name"), "select", multiple="multiple" in a)
        elif tag == "option" and self.select is not None:
            value = a.get("value")
            if value is not None and value not in self.select.options:
                self.select.options.append(value)
        elif tag == "textarea":
            self.textarea = self._add(a.get("name"), "textarea")

    def handle_data(self, data):
        if self.textarea is not None and data.strip() and data not in self.textarea.options:
            self.textarea.options.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(html: str, page_path: str) -> list[FormSpec]:
    parser = _Parser(page_path)
    parser.feed(html)
    return parser.forms
