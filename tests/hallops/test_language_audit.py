from hallops.models import AuditEntry


def test_it_remembers_the_language_on_the_profile_with_an_audit_entry(world, clients):
    response = clients.clerk_a.post("/language/", {"language": "en", "next": "/clerk/"})
    assert response.status_code == 302
    world.clerk_a.profile.refresh_from_db()
    assert world.clerk_a.profile.language == "en"
    entry = AuditEntry.objects.get(action="staff.language_set")
    assert entry.actor == world.clerk_a
    assert (entry.before, entry.after) == ({"language": ""}, {"language": "en"})
    # The same choice again changes nothing and records nothing.
    clients.clerk_a.post("/language/", {"language": "en"})
    assert AuditEntry.objects.filter(action="staff.language_set").count() == 1


def test_an_unknown_language_changes_nothing(world, clients):
    clients.clerk_a.post("/language/", {"language": "xx"})
    world.clerk_a.profile.refresh_from_db()
    assert world.clerk_a.profile.language == ""
    assert not AuditEntry.objects.filter(action="staff.language_set").exists()
