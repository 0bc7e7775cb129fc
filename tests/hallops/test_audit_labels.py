from django.utils import translation

from hallops.models import AuditEntry


def test_it_names_changed_fields_by_their_verbose_name(db):
    entry = AuditEntry(object_type="hallops.store", before={"name": "甲", "nonfield": 1},
                       after={"name": "乙", "nonfield": 2})
    with translation.override("zh-hans"):
        assert entry.readable_changes == [("名称", "甲", "乙"), ("nonfield", 1, 2)]
    with translation.override("en"):
        assert entry.readable_changes[0] == ("name", "甲", "乙")


def test_it_keeps_keys_for_unknown_object_types(db):
    entry = AuditEntry(object_type="nope.nothing", before={"a": 1}, after={"a": 2})
    assert entry.readable_changes == [("a", 1, 2)]
