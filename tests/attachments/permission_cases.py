"""Permission-matrix rows for attachments: a photo on a fault of store A (any store role but
the fund receiver, and the region's supervisor, may look; the store and duty managers change)."""

from hallops.permissions import Role
from tests.permission_matrix import Case

VIEW = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER,
        Role.SUPERVISOR)
EDIT = (Role.STORE_MANAGER, Role.DUTY_MANAGER)


def _fault(world):
    from tests.attachments.helpers import fault

    return fault(world.store_a, world.dm_a)


def _photo(world):
    from attachments.models import Attachment
    from attachments.services import attachment_add
    from tests.attachments.helpers import png, upload

    existing = Attachment.objects.filter(store=world.store_a).first()
    if existing is not None:
        return {"pk": existing.pk}
    [row] = attachment_add(actor=world.dm_a, obj=_fault(world), files=[upload("a.png", png())])
    return {"pk": row.pk}


def _upload_target(world):
    from hallops.models import EquipmentFault

    found = EquipmentFault.objects.filter(store=world.store_a).first() or _fault(world)
    return {"kind": "hallops-equipmentfault", "pk": found.pk}


def _files(world):
    from tests.attachments.helpers import png, upload

    return {"upload": [upload("b.png", png())]}


CASES = [
    # Tasks let every store role through the outer gate (a task may be anyone's): store B's
    # fund receiver meets the other store (404) before the fault's own rule (403 in store A).
    Case("attachments:download", roles=VIEW, kwargs=_photo, scoped=True, expect={"fr_b": 404}),
    Case("attachments:thumbnail", roles=VIEW, kwargs=_photo, scoped=True, expect={"fr_b": 404}),
    # The store manager deletes the photo first: the duty manager then finds it gone (404). A
    # complaint handler may change work orders' evidence, so passes the outer gate and meets
    # the fault's own rule only once the photo is found: store B's answers 404, store A's
    # (after the deletion) too; tests/attachments/test_views.py checks its 403 on a photo.
    Case("attachments:delete", roles=EDIT, kwargs=_photo, method="post", ok=302, scoped=True,
         expect={"dm_a": 404, "ch_a": 404, "ch_b": 404, "clerk_a": 404, "clerk_b": 404,
                 "fr_a": 404, "fr_b": 404}),
    Case("attachments:upload", roles=EDIT, kwargs=_upload_target, method="post", data=_files,
         ok=302, scoped=True),
]
