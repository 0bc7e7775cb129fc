"""`{% attachment_widget record %}` (thumbnails, delete, upload) and `{% attachment_thumbs
record %}` (thumbnails only, e.g. in the duty log). Both read `record.attachment_list`, set by
`attachments.selectors.with_attachments` for a whole list in one query; without it they read
the record's own (one query)."""

from django import template

from attachments.registry import attachable_for
from attachments.selectors import attachments_of

register = template.Library()


def _attachments(record) -> list:
    found = getattr(record, "attachment_list", None)
    if found is None:
        found = list(attachments_of(record))
        record.attachment_list = found
    return found


@register.inclusion_tag("attachments/_thumbs.html")
def attachment_thumbs(record):
    return {"attachments": _attachments(record) if record is not None else []}


@register.inclusion_tag("attachments/_widget.html", takes_context=True)
def attachment_widget(context, record, locked=None):
    """`locked` may be given by a page that already knows (saves the registration's check)."""
    request = context.get("request")
    entry = attachable_for(type(record))
    if entry is None or request is None:
        return {"attachments": [], "record": None}
    role = request.acting.role
    is_locked = entry.is_locked(record) if locked in (None, "") else bool(locked)
    can_edit = role in entry.edit_roles and not is_locked
    return {
        "attachments": _attachments(record),
        "record": record,
        "kind": entry.key,
        "can_edit": can_edit,
        "is_locked": is_locked,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
