"""What each audit action code means, in words, for the audit trail, duty-log history and
workbooks. Services write stable codes; screens show these labels.

A code is `<entity>.<action in the past tense>`, read off the service `<entity>_<action>` that
writes it: `till_float_issue` writes "till.float_issued", `duty_log_submit` "duty_log.submitted",
`escalation_raise` "escalation.raised". Codes renamed in stored entries by
hallops/migrations/0056_audit_action_codes_follow_services.py keep their old entries readable.

A new action code needs a label here: tests/hallops/test_audit_trail.py reads the services'
source for every code they write and fails on one without a label.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "attendance.clocked_in": _("Clocked in"),
    "attendance.clocked_out": _("Clocked out"),
    "bank_deposit.recorded": _("Recorded a bank deposit"),
    "checklist.item_ticked": _("Ticked a checklist item"),
    "checklist.run_started": _("Started a checklist"),
    "clerk_report.amended": _("Amended a daily report"),
    "clerk_report.confirmed": _("Confirmed a daily report"),
    "clerk_report.receipts_synced": _("Took a daily report's receipts from the till"),
    "clerk_report.returned": _("Returned a daily report"),
    "clerk_report.saved": _("Saved a daily report"),
    "clerk_report.started": _("Started a daily report"),
    "clerk_report.submitted": _("Submitted a daily report"),
    "customer_number.revealed": _("Viewed a customer's full phone number"),
    "desk_complaint.escalated": _("Turned a desk complaint into a work order"),
    "desk_complaint.recorded": _("Recorded a complaint at the desk"),
    "desk_ready_check.recorded": _("Did the desk-ready check"),
    "duty_log.amended": _("Amended the duty log"),
    "duty_log.countersigned": _("Countersigned the duty log"),
    "duty_log.returned": _("Returned the duty log"),
    "duty_log.saved": _("Saved the duty log as a draft"),
    "duty_log.started": _("Started the duty log"),
    "duty_log.submitted": _("Submitted the duty log"),
    "equipment.created": _("Added equipment"),
    "escalation.raised": _("Escalated a work order to the store manager"),
    "escalation.resolved": _("Settled an escalation"),
    "extension.decided": _("Decided on an extension"),
    "extension.requested": _("Asked for an extension"),
    "fault.fixed": _("Marked an equipment fault fixed"),
    "fault.opened": _("Recorded an equipment fault"),
    "fault.reported": _("Reported an equipment fault for repair"),
    "floor_action.recorded": _("Logged an action on the floor"),
    "floor_threshold.saved": _("Changed the queue thresholds"),
    "fund_receiver.granted": _("Made someone a fund receiver"),
    "fund_receiver.withdrawn": _("Withdrew someone's fund receiver role"),
    "handover.acknowledged": _("Acknowledged a handover"),
    "handover.created": _("Wrote a handover"),
    "incident.ended": _("Ended an incident"),
    "incident.reported": _("Reported an incident"),
    "incident.started": _("Started an incident"),
    "incident.updated": _("Updated an incident"),
    "meeting.acknowledged": _("Confirmed reading the morning meeting"),
    "meeting.recorded": _("Minuted the morning meeting"),
    "meeting.updated": _("Updated the morning meeting"),
    "opinion.recorded": _("Recorded a customer opinion"),
    "opinion.replied": _("Replied to a customer opinion"),
    "queue_reading.imported": _("Imported the queue machine's export"),
    "queue_reading.recorded": _("Recorded the queues"),
    "report.built": _("Built a workbook"),
    "report.requested": _("Requested a workbook"),
    "roster.entry_created": _("Added a shift to the roster"),
    "roster.entry_deleted": _("Removed a shift from the roster"),
    "roster.week_copied": _("Copied last week's roster"),
    "service_record.created": _("Recorded a service record"),
    "shift_type.created": _("Created a shift type"),
    "staff.language_set": _("Changed the language"),
    "store_day.confirmed": _("Confirmed the store's day"),
    "tail_cash.recorded": _("Recorded the tail cash"),
    "targets.saved": _("Saved the monthly targets"),
    "till.adjusted": _("Recorded a till adjustment"),
    "till.approved": _("Approved the till differences"),
    "till.confirmed": _("Confirmed a hand-in"),
    "till.count_recorded": _("Counted a till"),
    "till.differences_explained": _("Explained the till differences"),
    "till.drop_recorded": _("Recorded a safe drop"),
    "till.expected_set": _("Entered the expected takings"),
    "till.float_issued": _("Issued a change float"),
    "till.handed_in": _("Handed in the takings"),
    "work_order.accepted": _("Accepted a work order"),
    "work_order.called_back": _("Called a customer back"),
    "work_order.cancelled": _("Cancelled a work order"),
    "work_order.closed": _("Closed a work order"),
    "work_order.contacted": _("Contacted a customer"),
    "work_order.created": _("Entered a work order"),
    "work_order.flagged_beyond": _("Marked a work order as escalated beyond the store"),
    "work_order.paused": _("Paused a work order's clock"),
    "work_order.quality_reviewed": _("Reviewed a work order's quality"),
    "work_order.reopened": _("Reopened a work order"),
    "work_order.replied": _("Replied to a work order"),
    "work_order.resumed": _("Resumed a work order's clock"),
    "work_order.staff_member_set": _("Changed the staff member complained about"),
    "work_order.transferred": _("Transferred a work order"),
}

# Keys that services write into before/after besides model fields (see each service).
EXTRA_KEY_LABELS = {
    "acknowledged_at": _("read and confirmed at"),
    "attempt": _("attempt"),
    "checksum": _("checksum"),
    "confirmed_reports": _("confirmed reports"),
    "date": _("date"),
    "differences": _("differences"),
    "file": _("file"),
    "kind": _("kind"),
    "language": _("language"),
    "lines": _("product lines"),
    "needs_approval": _("needs the store manager's approval"),
    "net_receipts": _("net receipts"),
    "pending_reports": _("reports not yet confirmed"),
    "period_end": _("period end"),
    "period_start": _("period start"),
    "receipts": _("receipts"),
    "review_comment": _("review comment"),
    "source": _("source"),
    "status": _("status"),
    "store_day_confirmed": _("day confirmed by the store manager"),
    "targets": _("targets"),
    "user": _("staff member"),
    "volume": _("business volume"),
}


def action_label(code: str) -> str:
    """The action in the reader's language; a code without a label reads as a generic change
    (never the code itself)."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else str(_("Other change"))
