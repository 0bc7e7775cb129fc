"""One-time form tokens: a create form sent twice (back button, double click) records once.

Forms with a natural key are guarded by a database constraint; this covers the others. The
token is issued with the blank form and remembered in the user's session once its action
succeeded, so a failed attempt can still be corrected and sent again.
"""

import uuid

from django import forms

SESSION_KEY = "used_form_tokens"
REMEMBERED = 100  # enough for a day at one counter; older tokens drop off


class OnceFormMixin(forms.Form):
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4().hex)


def token_used(request, form) -> bool:
    token = form.cleaned_data.get("form_token")
    return bool(token) and token in request.session.get(SESSION_KEY, [])


def token_spend(request, form) -> None:
    token = form.cleaned_data.get("form_token")
    if token:
        used = request.session.get(SESSION_KEY, [])
        request.session[SESSION_KEY] = [*used, token][-REMEMBERED:]
