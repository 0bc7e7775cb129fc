"""Audit action codes follow the service that writes them, `<entity>.<action in the past
tense>` (hallops/audit_labels.py): the till services wrote "cash.*", the clerk's report
services "daily_report.*", the duty-log services "dutylog.*"… Stored entries are renamed so
the audit trail, its action filter and the duty-log history show old entries under the new
labels. Every rename is one to one, so it reverses exactly."""

from django.db import migrations

RENAMES = {
    "attendance.clock_in": "attendance.clocked_in",
    "attendance.clock_out": "attendance.clocked_out",
    "cash.adjustment_recorded": "till.adjusted",
    "cash.bank_deposit_recorded": "bank_deposit.recorded",
    "cash.counted": "till.count_recorded",
    "cash.differences_approved": "till.approved",
    "cash.differences_explained": "till.differences_explained",
    "cash.drop_recorded": "till.drop_recorded",
    "cash.expected_set": "till.expected_set",
    "cash.float_issued": "till.float_issued",
    "cash.handed_in": "till.handed_in",
    "cash.handin_confirmed": "till.confirmed",
    "cash.tail_cash_recorded": "tail_cash.recorded",
    "daily_report.amended": "clerk_report.amended",
    "daily_report.confirmed": "clerk_report.confirmed",
    "daily_report.receipts_from_till": "clerk_report.receipts_synced",
    "daily_report.returned": "clerk_report.returned",
    "daily_report.saved": "clerk_report.saved",
    "daily_report.started": "clerk_report.started",
    "daily_report.submitted": "clerk_report.submitted",
    "dutylog.amended": "duty_log.amended",
    "dutylog.countersigned": "duty_log.countersigned",
    "dutylog.draft_saved": "duty_log.saved",
    "dutylog.returned": "duty_log.returned",
    "dutylog.started": "duty_log.started",
    "dutylog.submitted": "duty_log.submitted",
    "equipment.fault_fixed": "fault.fixed",
    "equipment.fault_opened": "fault.opened",
    "equipment.fault_reported": "fault.reported",
    "roster.shift_type_created": "shift_type.created",
    "staff.fund_receiver_granted": "fund_receiver.granted",
    "staff.fund_receiver_withdrawn": "fund_receiver.withdrawn",
    "work_order.escalated": "escalation.raised",
    "work_order.escalation_resolved": "escalation.resolved",
    "work_order.extension_decided": "extension.decided",
    "work_order.extension_requested": "extension.requested",
    "work_order.phone_revealed": "customer_number.revealed",
}


def rename(apps, mapping):
    AuditEntry = apps.get_model("hallops", "AuditEntry")
    for old, new in mapping.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def forward(apps, schema_editor):
    rename(apps, RENAMES)


def backward(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('hallops', '0055_opinion_channel_onsite'),
    ]

    operations = [migrations.RunPython(forward, backward)]
