"""The staff list's export (reports/listexport.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hr.models import AssessmentStatus
from reports.listexport import Col, Kind, ListExport


def _status(r) -> str:
    if r.active:
        return _("Active")
    ended = getattr(r.file, "ended_on", None)
    return f"{_('Left')} {ended:%Y-%m-%d}" if ended else _("Left")


STAFF_EXPORT = ListExport(
    name="staff", title=_lazy("Staff of this store"),
    columns=(
        Col(_lazy("Employee number"),
            lambda r: getattr(getattr(r.user, "profile", None), "employee_no", "")),
        Col(_lazy("Name"), "user", Kind.PERSON),
        Col(_lazy("Roles"), lambda r: "、".join(str(x) for x in r.roles)),
        Col(_lazy("Post"), lambda r: r.file.post.label if r.file and r.file.post_id else ""),
        Col(_lazy("Start date"), lambda r: r.file.start_date if r.file else None, Kind.DATE),
        Col(_lazy("Status"), _status),
    ),
)


RANKING_EXPORT = ListExport(
    name="assessment-ranking", title=_lazy("Assessment ranking"),
    columns=(
        Col(_lazy("Rank"), lambda row: row[0], Kind.INT),
        Col(_lazy("Store"), lambda row: row[1].store.name, width=24),
        Col(_lazy("Name"), lambda row: row[1].user, Kind.PERSON),
        Col(_lazy("Role"), lambda row: row[1].get_role_display()),
        Col(_lazy("Total score"), lambda row: row[1].total, Kind.INT),
        Col(_lazy("Status"), lambda row: row[1].get_status_display()),
    ),
)


def _employee_no(a) -> str:
    return getattr(getattr(a.user, "profile", None), "employee_no", "")


ASSESSMENTS_EXPORT = ListExport(
    name="assessments", title=_lazy("Monthly assessment"),
    columns=(
        Col(_lazy("Employee number"), _employee_no),
        Col(_lazy("Name"), "user", Kind.PERSON),
        Col(_lazy("Role"), "get_role_display"),
        Col(_lazy("Total score"), "total", Kind.INT),
        Col(_lazy("Status"), "get_status_display"),
    ),
)


def _topic(s) -> str:
    return f"{s.topic} ({_('morning meeting')})" if s.meeting_id else s.topic


TRAININGS_EXPORT = ListExport(
    name="trainings", title=_lazy("Training sessions"),
    columns=(
        Col(_lazy("Date"), "held_on", Kind.DATE),
        Col(_lazy("Topic"), _topic, width=30),
        Col(_lazy("Trainer"), "trainer"),
        Col(_lazy("Attendees"), lambda s: len(s.attendances.all()), Kind.INT),
    ),
)

ACTIVITIES_EXPORT = ListExport(
    name="team-activities", title=_lazy("Team activities"),
    columns=(
        Col(_lazy("Date"), "held_on", Kind.DATE),
        Col(_lazy("Activity"), "title", width=30),
        Col(_lazy("Participants"), lambda a: len(a.participants.all()), Kind.INT),
        Col(_lazy("Cost"), "cost", Kind.MONEY),
        Col(_lazy("Status"), "get_status_display"),
    ),
)


# The personal lists (issue 17): a person's own assessments and trainings.

MY_ASSESSMENTS_EXPORT = ListExport(
    name="my-assessments", title=_lazy("My assessments"),
    columns=(
        Col(_lazy("Month"), lambda a: f"{a.month:%Y-%m}"),
        Col(_lazy("Store"), "store.name", width=24),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Total score"), "total", Kind.INT),
        Col(_lazy("Store manager's comment"), lambda a: a.comment if a.status != AssessmentStatus.DRAFT else "",
            width=40),
    ),
)

MY_TRAININGS_EXPORT = ListExport(
    name="my-trainings", title=_lazy("My training"),
    columns=(
        Col(_lazy("Date"), "session.held_on", Kind.DATE),
        Col(_lazy("Topic"), "session.topic", width=30),
        Col(_lazy("Trainer"), "session.trainer"),
        Col(_lazy("Attendance confirmed at"), "confirmed_at", Kind.DATETIME),
    ),
)
