"""Write paths for a person's own settings."""

from django.db import transaction

from hallops.models import StaffProfile
from hallops.services.audit import audit_record


@transaction.atomic
def staff_language_set(*, user, language: str) -> bool:
    """Remember the person's interface language on their profile; False when they have none."""
    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.language == language:
        return profile is not None
    before = {"language": profile.language}
    profile.language = language
    profile.save(update_fields=["language"])
    audit_record(actor=user, store=None, action="staff.language_set", obj=profile,
                 before=before, after={"language": language})
    return True
