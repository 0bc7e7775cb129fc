"""In-app notifications: sending, the bell, the list, marking read, translation on display."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop

from hallops.models import Notification, StaffProfile
from hallops.permissions import Role
from hallops.services.notifications import notification_send, notification_send_to_role
from tests import factories
from tests.hallops.helpers import flashed, say

# A message id that Django's own catalogue translates, so the test reads real Chinese.
LIMIT = gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")


def test_it_notifies_people_once_each(world):
    count = notification_send(recipients=[world.clerk_a, world.clerk_a, world.dm_a, None],
                              message=LIMIT, params={"limit_value": 3}, store=world.store_a,
                              url="/clerk/")
    assert count == 2
    note = Notification.objects.get(recipient=world.clerk_a)
    assert (note.message_id, note.params, note.store, note.url, note.read_at) == (
        LIMIT, {"limit_value": 3}, world.store_a, "/clerk/", None)


def test_it_notifies_everyone_holding_a_role_in_a_store(world):
    second = factories.make_user("dm_a2", role=Role.DUTY_MANAGER, store=world.store_a)
    gone = factories.make_user("dm_a3", role=Role.DUTY_MANAGER, store=world.store_a)
    gone.role_assignments.update(is_active=False)
    left = factories.make_user("dm_a4", role=Role.DUTY_MANAGER, store=world.store_a,
                               is_active=False)
    count = notification_send_to_role(store=world.store_a, role=Role.DUTY_MANAGER,
                                      message=LIMIT, params={"limit_value": 1},
                                      level=Notification.Level.WARNING)
    assert count == 2
    notes = Notification.objects.all()
    assert {n.recipient for n in notes} == {world.dm_a, second}
    assert {n.store for n in notes} == {world.store_a}
    assert {n.level for n in notes} == {"warning"}
    assert not Notification.objects.filter(recipient__in=[gone, left, world.dm_b]).exists()


def test_the_bell_shows_the_unread_count(world, clients):
    notification_send(recipients=[world.clerk_a] * 1 + [world.dm_a], message=LIMIT,
                      params={"limit_value": 1})
    for _ in range(2):
        notification_send(recipients=[world.clerk_a], message=LIMIT, params={"limit_value": 2})
    response = clients.clerk_a.get(reverse("clerk:home"))
    assert response.context["unread_count"] == 3
    assert '<span class="badge rounded-pill bg-danger">3</span>' in response.content.decode()
    # Nothing unread, no badge.
    response = clients.sm_a.get(reverse("store_manager:home"))
    assert response.context["unread_count"] == 0
    assert "badge rounded-pill bg-danger" not in response.content.decode()


def test_the_list_paginates_and_shows_only_ones_own(world, clients):
    for n in range(30):
        notification_send(recipients=[world.clerk_a], message=LIMIT, params={"limit_value": n})
    notification_send(recipients=[world.clerk_b], message=LIMIT, params={"limit_value": 99})
    first = clients.clerk_a.get(reverse("notifications"))
    assert first.status_code == 200
    page = first.context["page"]
    assert (len(page.object_list), page.paginator.count, page.paginator.num_pages) == (25, 30, 2)
    assert first.content.decode().count('data-testid="notification"') == 25
    second = clients.clerk_a.get(reverse("notifications"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    # Newest first; nobody else's.
    assert first.context["page"][0].params == {"limit_value": 29}
    assert all(n.recipient_id == world.clerk_a.pk
               for p in (first, second) for n in p.context["page"])
    # A page out of range or not a number answers a page, not an error.
    assert clients.clerk_a.get(reverse("notifications"), {"page": "x"}).status_code == 200
    assert clients.clerk_a.get(reverse("notifications"), {"page": 99}).status_code == 200


def test_it_marks_one_read_then_all(world, clients):
    for n in range(3):
        notification_send(recipients=[world.clerk_a], message=LIMIT, params={"limit_value": n})
    theirs = Notification.objects.create(recipient=world.clerk_b, message_id=LIMIT)
    one = Notification.objects.filter(recipient=world.clerk_a).first()

    response = clients.clerk_a.post(reverse("notifications_read"), {"id": one.pk})
    assert response.status_code == 302 and response["Location"] == reverse("notifications")
    assert flashed(response) == [say("zh-hans", "%(count)d notifications marked read.", count=1)]
    one.refresh_from_db()
    assert one.read_at is not None
    assert Notification.objects.filter(recipient=world.clerk_a, read_at__isnull=True).count() == 2

    # Someone else's notification, or a bad id, marks nothing.
    for data in ({"id": theirs.pk}, {"id": "abc"}):
        response = clients.clerk_a.post(reverse("notifications_read"), data)
        assert flashed(response)[-1] == say("zh-hans", "%(count)d notifications marked read.",
                                            count=0)
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = clients.clerk_a.post(reverse("notifications_read"))
    assert flashed(response)[-1] == say("zh-hans", "%(count)d notifications marked read.",
                                        count=2)
    assert not Notification.objects.filter(recipient=world.clerk_a, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.parametrize(("language", "expected"), [
    ("zh-hans", "确保该值小于或等于7。"),
    ("en", "Ensure this value is less than or equal to 7."),
])
def test_the_text_is_translated_when_shown_in_the_readers_language(world, clients, language,
                                                                     expected):
    StaffProfile.objects.filter(user=world.clerk_a).update(language=language)
    notification_send(recipients=[world.clerk_a], message=LIMIT, params={"limit_value": 7})
    html = clients.clerk_a.get(reverse("notifications")).content.decode()
    assert expected in html


def test_a_notification_with_broken_params_still_shows(world):
    note = Notification.objects.create(recipient=world.clerk_a, message_id=LIMIT,
                                       params={"wrong": 1})
    assert note.text == say("zh-hans", LIMIT)
