from hallops.permissions import Role
from hallops.services.checklists import checklist_run_for_day
from tests.dutyops import helpers as h
from tests.permission_matrix import ALL_STORE_ROLES, Case

DM = (Role.DUTY_MANAGER,)
SM = (Role.STORE_MANAGER,)
DM_SM = (Role.DUTY_MANAGER, Role.STORE_MANAGER)
SV = (Role.SUPERVISOR,)


def _tick_kwargs(w):
    run = h.daily_run(w)
    return {"run_pk": run.pk, "item_pk": h.first_item(run).pk}


def _manager_day(w):
    """Today's run of the store manager's day (a kind the store manager runs) in store A."""
    return checklist_run_for_day(actor=w.sm_a, store=w.store_a, kind="manager_day")


def _manager_tick_kwargs(w):
    run = _manager_day(w)
    return {"run_pk": run.pk, "item_pk": h.first_item(run).pk}


# Store B's personas meet store A's run before its kind's role: 404 (not theirs) for all.
_B_404 = {"dm_b": 404, "clerk_b": 404, "ch_b": 404, "fr_b": 404}

CASES = [
    Case("checklists:history", roles=ALL_STORE_ROLES),
    Case("checklists:today", roles=SM, kwargs=lambda w: {"code": "manager_day"}),
    Case("checklists:run", roles=SM, kwargs=lambda w: {"pk": _manager_day(w).pk}, scoped=True,
         expect=_B_404),
    Case("checklists:tick", roles=SM, kwargs=_manager_tick_kwargs, method="post", ok=302,
         scoped=True, expect=_B_404, data=lambda w: {"status": "na"}),
    Case("duty_manager:checklist", roles=DM, kwargs=lambda w: {"kind": "daily"}),
    Case("duty_manager:checklist_tick", roles=DM, kwargs=_tick_kwargs, method="post", ok=302,
         scoped=True, data=lambda w: {"status": "na"}),
    Case("duty_manager:equipment", roles=DM_SM),
    Case("duty_manager:faults", roles=DM_SM),
    Case("duty_manager:fault_update", roles=DM_SM, kwargs=lambda w: {"pk": h.fault(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:incidents", roles=DM),
    Case("duty_manager:incident", roles=DM, kwargs=lambda w: {"pk": h.incident(w).pk},
         scoped=True),
    Case("duty_manager:incident_end", roles=DM, kwargs=lambda w: {"pk": h.incident(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:incident_report", roles=DM, kwargs=lambda w: {"pk": h.incident(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:opinions", roles=DM_SM),
    Case("duty_manager:opinion_reply", roles=DM_SM, kwargs=lambda w: {"pk": h.opinion(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:dutylogs", roles=DM),
    Case("duty_manager:dutylog_start", roles=DM, method="post", ok=302),
    Case("duty_manager:dutylog", roles=DM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         scoped=True),
    Case("duty_manager:dutylog_save", roles=DM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:dutylog_submit", roles=DM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         method="post", ok=302, scoped=True),
    Case("duty_manager:dutylog_amend", roles=DM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         method="post", ok=302, scoped=True),
    Case("store_manager:dutylog_queue", roles=SM),
    Case("store_manager:dutylog", roles=SM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         scoped=True),
    Case("store_manager:dutylog_countersign", roles=SM,
         kwargs=lambda w: {"pk": h.dutylog(w).pk}, method="post", ok=302, scoped=True),
    Case("store_manager:dutylog_return", roles=SM, kwargs=lambda w: {"pk": h.dutylog(w).pk},
         method="post", ok=302, scoped=True),
    Case("store_manager:followups", roles=SM),
    Case("supervisor:dutylogs", roles=SV),
    Case("supervisor:dutylog", roles=SV, kwargs=lambda w: {"pk": h.dutylog(w).pk}),
]
