"""`{{ field|plain_field }}`: crispy's bootstrap5 markup for one plain input, without crispy.

`as_crispy_field` renders four nested templates a field (~1 ms each); a board that repeats
small forms per row (the duty manager's cash board: four amounts a till) spent half its
time there. This filter builds the same wrapper (div, label with the required asterisk, the
widget with crispy's classes, errors, help text) in Python around Django's own widget
rendering. Inputs crispy treats specially (checkboxes, radios, files, multi-widgets) still go
through crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from hallops.forms import IsoDateInput, _attrs

register = template.Library()

_ASTERISK = mark_safe('<span class="asteriskField">*</span>')

_SPECIAL = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple,
            forms.FileInput, forms.MultiWidget, forms.HiddenInput)


def _widget_class(widget, errors: bool) -> str:
    # What crispy's {% crispy_field %} puts in class: the widget's own classes, its class
    # name in lower case, then form-select or form-control (and is-invalid on errors).
    name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif name not in css:
        css += f" {name}"
    extra = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for part in (extra, "is-invalid") if errors else (extra,):
        if part not in css.split():
            css += f" {part}"
    return css


# Widgets whose template is Django's bare input.html: rendered here from the widget's own
# context (same attributes, same order), skipping a template render per field.
_BARE_INPUTS = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.DateInput,
                IsoDateInput)


def _widget_html(field: forms.BoundField, css: str) -> SafeString:
    widget = field.field.widget
    if type(widget) not in _BARE_INPUTS:
        return field.as_widget(attrs={"class": css})
    # What BoundField.as_widget does before widget.render.
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({"class": css}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    # django/forms/widgets/input.html and attrs.html, attribute for attribute (escaped as
    # format_html would, without its lazy-string wrapper on every attribute).
    value = context["value"]
    value_attr = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return mark_safe(  # noqa: S308 - every value escaped here or in _attrs
        f'<input type="{conditional_escape(context["type"])}"'
        f' name="{conditional_escape(context["name"])}"{value_attr}{_attrs(context["attrs"])}>'
    )


@register.filter
def plain_field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    if isinstance(widget, _SPECIAL):
        return as_crispy_field(field)
    required = field.field.required
    label = ""
    if field.label:
        # format_html's markup, escaped the same way without its lazy-string wrappers (a
        # board renders a few dozen fields).
        for_id = field.id_for_label
        for_attr = f' for="{conditional_escape(for_id)}"' if for_id else ""
        label = (f'<label{for_attr}'
                 f' class="form-label{" requiredField" if required else ""}">'
                 f'{conditional_escape(field.label)}{_ASTERISK if required else ""}</label>')
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                             ((i, field.auto_id, e) for i, e in enumerate(field.errors, 1))),
        )
    help_text = ""
    if field.help_text:
        # crispy marks help text safe too: it is the form's own text, never user input.
        help_text = format_html('<div{} class="form-text">{}</div>',
                                format_html(' id="{}_helptext"', field.auto_id)
                                if field.auto_id else "",
                                mark_safe(str(field.help_text)))  # noqa: S308
    css_classes = field.css_classes()
    return mark_safe(  # noqa: S308 - every part escaped above or built by format_html
        f'<div id="div_{conditional_escape(field.auto_id)}"'
        f' class="mb-3{f" {conditional_escape(css_classes)}" if css_classes else ""}">'
        f'{label}{_widget_html(field, _widget_class(widget, bool(field.errors)))}'
        f'{errors}{help_text}</div>'
    )
