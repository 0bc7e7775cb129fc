"""Write paths of the complaint desk, one function per business action."""

from .clocks import callback_sweep, sla_sweep
from .desk import desk_complaint_escalate, desk_complaint_record
from .extensions import extension_decide, extension_request
from .intake import work_order_create
from .lifecycle import (
    work_order_accept,
    work_order_callback,
    work_order_cancel,
    work_order_close,
    work_order_contact,
    work_order_pause,
    work_order_reopen,
    work_order_reply,
    work_order_resume,
)
from .oversight import (
    customer_number_reveal,
    escalation_raise,
    escalation_resolve,
    work_order_flag_beyond,
    work_order_review_quality,
)
from .staff import work_order_set_staff_member
from .transfer import (
    work_order_transfer,
    work_order_transfer_to_handler,
    work_order_transfer_to_store,
)

__all__ = [
    "callback_sweep",
    "desk_complaint_escalate",
    "desk_complaint_record",
    "customer_number_reveal",
    "escalation_raise",
    "escalation_resolve",
    "extension_decide",
    "extension_request",
    "sla_sweep",
    "work_order_accept",
    "work_order_callback",
    "work_order_cancel",
    "work_order_close",
    "work_order_contact",
    "work_order_create",
    "work_order_flag_beyond",
    "work_order_pause",
    "work_order_reopen",
    "work_order_reply",
    "work_order_resume",
    "work_order_review_quality",
    "work_order_set_staff_member",
    "work_order_transfer",
    "work_order_transfer_to_handler",
    "work_order_transfer_to_store",
]
