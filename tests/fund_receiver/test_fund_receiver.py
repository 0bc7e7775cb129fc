"""The fund receiver (资金接收员): delegated by the store manager, records the bank deposit of
their own store through the same form and service as the store manager."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from hallops.exceptions import DomainError
from hallops.models import AuditEntry, BankDeposit, RoleAssignment
from hallops.permissions import Role
from hallops.selectors.cash import undeposited_handins
from hallops.services.fund_receiver import fund_receiver_grant, fund_receiver_withdraw
from tests import factories
from tests.cash.helpers import confirmed_till, open_till
from tests.conftest import login


@pytest.fixture
def fr_a(world):
    return world.fr_a


def _deposit_data(handins, slip="DS-001"):
    return {
        "slip_no": slip,
        "collected_at": "2026-03-02T17:30",
        "collectors": "张三\n李四",
        "cash_amount": str(sum(h.cash_due for h in handins)),
        "cheque_amount": str(sum(h.cheque_due for h in handins)),
        "handins": [str(h.pk) for h in handins],
        "mismatch_reason": "",
    }


def _confirmed_till_b(world):
    session = open_till(world, clerk=world.clerk_b, store=world.store_b)
    from hallops.services import cash as svc
    from tests.cash.helpers import notes

    svc.till_expected_set(actor=world.dm_b, session=session, amounts={"cash": "100.00"})
    svc.till_count_record(actor=world.clerk_b, session=session, notes=notes(notes_100=3),
                          non_cash={})
    session.refresh_from_db()
    svc.till_hand_in(actor=world.clerk_b, session=session, bag_no="BB", seal_no="SB")
    session.refresh_from_db()
    svc.till_confirm(actor=world.dm_b, session=session, received_cash=session.handin.cash_amount,
                     received_cheque=0)
    session.refresh_from_db()
    return session


def test_it_lets_a_fund_receiver_record_a_deposit_for_their_store(world, fr_a):
    session = confirmed_till(world)
    client = login(fr_a)
    page = client.get(reverse("fund_receiver:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="undeposited-row"' in html and "B1 / S1" in html
    assert reverse("fund_receiver:till", args=[session.pk]) in html
    handins = undeposited_handins(world.store_a)

    response = client.post(reverse("fund_receiver:home"), _deposit_data(handins))

    assert response.status_code == 302 and response["Location"] == reverse("fund_receiver:home")
    deposit = BankDeposit.objects.get()
    assert deposit.store == world.store_a and deposit.recorded_by == fr_a
    assert not deposit.is_mismatch
    assert AuditEntry.objects.filter(action="bank_deposit.recorded", actor=fr_a,
                                     store=world.store_a).count() == 1
    assert undeposited_handins(world.store_a) == []
    assert client.get(reverse("fund_receiver:till", args=[session.pk])).status_code == 200


def test_it_refuses_bad_deposit_input_and_saves_nothing(world, fr_a):
    confirmed_till(world)
    handins = undeposited_handins(world.store_a)
    data = {**_deposit_data(handins), "cash_amount": "1e308", "collectors": "张三"}
    response = login(fr_a).post(reverse("fund_receiver:home"), data)
    assert response.status_code == 400
    assert not BankDeposit.objects.exists()


def test_it_answers_404_for_store_b_objects(world, fr_a):
    till_b = _confirmed_till_b(world)
    client = login(fr_a)
    assert client.get(reverse("fund_receiver:till", args=[till_b.pk])).status_code == 404
    # Another store's hand-in is not among the choices: refused, nothing saved.
    confirmed_till(world)
    response = client.post(reverse("fund_receiver:home"),
                           _deposit_data(undeposited_handins(world.store_b), slip="DS-B"))
    assert response.status_code == 400
    assert not BankDeposit.objects.exists()
    # A till of store A not yet confirmed is not the fund receiver's either.
    open_session = open_till(world, clerk=factories.make_user(role=Role.CLERK,
                                                              store=world.store_a))
    assert client.get(reverse("fund_receiver:till", args=[open_session.pk])).status_code == 404


def test_it_forbids_store_manager_pages_to_a_fund_receiver(world, fr_a):
    session = confirmed_till(world)
    client = login(fr_a)
    for name, kwargs in (("store_manager:home", None), ("store_manager:cash", None),
                         ("store_manager:cash_deposits", None),
                         ("store_manager:cash_session", {"pk": session.pk})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name
    assert client.post(reverse("store_manager:fund_receiver_grant"),
                       {"user": fr_a.pk}).status_code == 403
    assert client.post(reverse("store_manager:cash_deposits"),
                       _deposit_data(undeposited_handins(world.store_a))).status_code == 403
    assert not BankDeposit.objects.exists()


def test_the_store_manager_grants_and_withdraws_the_role(world, clients):
    clerk = login(world.clerk_a)
    assert clerk.get(reverse("fund_receiver:home")).status_code == 403

    response = clients.sm_a.post(reverse("store_manager:fund_receiver_grant"),
                                 {"user": world.clerk_a.pk})

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=world.clerk_a, role=Role.FUND_RECEIVER)
    assert assignment.store == world.store_a and assignment.is_active
    granted = AuditEntry.objects.get(action="fund_receiver.granted")
    assert granted.actor == world.sm_a and granted.store == world.store_a
    page = clients.sm_a.get(reverse("store_manager:cash_deposits")).content.decode()
    assert 'data-testid="fund-receiver"' in page
    assert reverse("store_manager:fund_receiver_withdraw", args=[assignment.pk]) in page
    # The clerk now reaches the fund receiver's page (same store: acts as it directly).
    assert clerk.get(reverse("fund_receiver:home")).status_code == 200

    response = clients.sm_a.post(reverse("store_manager:fund_receiver_withdraw",
                                         args=[assignment.pk]))

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_active
    withdrawn = AuditEntry.objects.get(action="fund_receiver.withdrawn")
    assert withdrawn.actor == world.sm_a and withdrawn.before["is_active"] is True
    assert login(world.clerk_a).get(reverse("fund_receiver:home")).status_code == 403
    # Withdrawing twice changes nothing; granting again reactivates the same assignment.
    clients.sm_a.post(reverse("store_manager:fund_receiver_withdraw", args=[assignment.pk]))
    assert AuditEntry.objects.filter(action="fund_receiver.withdrawn").count() == 1
    clients.sm_a.post(reverse("store_manager:fund_receiver_grant"), {"user": world.clerk_a.pk})
    assert RoleAssignment.objects.get(user=world.clerk_a, role=Role.FUND_RECEIVER).is_active


def test_it_refuses_people_of_other_stores(world, clients):
    with translation.override("en"):
        response = clients.sm_a.post(reverse("store_manager:fund_receiver_grant"),
                                     {"user": world.clerk_b.pk}, HTTP_ACCEPT_LANGUAGE="en")
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert response.status_code == 302
        assert not RoleAssignment.objects.filter(role=Role.FUND_RECEIVER, user=world.clerk_b).exists()
        assert not AuditEntry.objects.filter(action__startswith="fund_receiver.").exists()
        with pytest.raises(DomainError, match="does not work in this store"):
            fund_receiver_grant(actor=world.sm_a, store=world.store_a, user=world.clerk_b)
    assert shown and all("不在本厅工作" in m or "does not work in this store" in m for m in shown)
    # A fund receiver of store A cannot be withdrawn by store B's manager.
    assignment = fund_receiver_grant(actor=world.sm_a, store=world.store_a, user=world.dm_a)
    response = clients.sm_b.post(reverse("store_manager:fund_receiver_withdraw",
                                         args=[assignment.pk]))
    assert response.status_code == 404
    with pytest.raises(DomainError, match="已不是本厅的资金接收员"):
        fund_receiver_withdraw(actor=world.sm_b, store=world.store_b, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.is_active


def test_it_refuses_granting_twice(world):
    fund_receiver_grant(actor=world.sm_a, store=world.store_a, user=world.clerk_a)
    with translation.override("en"), pytest.raises(DomainError, match="already a fund receiver"):
        fund_receiver_grant(actor=world.sm_a, store=world.store_a, user=world.clerk_a)
    assert AuditEntry.objects.filter(action="fund_receiver.granted").count() == 1


def test_a_duty_manager_who_is_also_fund_receiver_switches_roles(world, clients):
    assignment = fund_receiver_grant(actor=world.sm_a, store=world.store_a, user=world.dm_a)
    home = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert f'value="{assignment.pk}"' in home
    response = clients.dm_a.post(reverse("acting_switch"), {"assignment": assignment.pk})
    assert response.status_code == 302 and response["Location"] == reverse("fund_receiver:home")
    page = clients.dm_a.get(reverse("fund_receiver:home"))
    assert page.status_code == 200 and page.wsgi_request.acting.role == Role.FUND_RECEIVER


@pytest.mark.parametrize("n", [1, 8])
def test_it_bounds_the_queries_of_the_fund_receiver_home(world, fr_a, n,
                                                         django_assert_max_num_queries):
    for i in range(n):
        confirmed_till(world, clerk=factories.make_user(f"c{i}", role=Role.CLERK,
                                                        store=world.store_a))
    client = login(fr_a)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("fund_receiver:home")).status_code == 200
    with django_assert_max_num_queries(40):
        assert login(world.sm_a).get(reverse("store_manager:cash_deposits")).status_code == 200
