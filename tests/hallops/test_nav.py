import pytest

from hallops.permissions import Role
from hallops.registry import FLAT_MENU_MAX, nav_for, nav_menu, register_nav


def test_it_keeps_a_short_menu_flat():
    items = nav_for(Role.FUND_RECEIVER)
    assert len(items) <= FLAT_MENU_MAX
    menu = nav_menu(Role.FUND_RECEIVER)
    assert [e.items[0].url_name for e in menu] == [i.url_name for i in items]
    assert not any(e.is_dropdown for e in menu)


def test_it_groups_a_long_menu_into_dropdowns():
    assert len(nav_for(Role.STORE_MANAGER)) > FLAT_MENU_MAX
    menu = nav_menu(Role.STORE_MANAGER)
    assert len(menu) <= FLAT_MENU_MAX
    cash = next(e for e in menu if any(i.url_name == "store_manager:cash" for i in e.items))
    assert cash.is_dropdown
    assert {i.url_name for i in cash.items} >= {"store_manager:cash", "store_manager:cash_register"}
    # Every entry is still reachable exactly once.
    assert sorted(i.url_name for e in menu for i in e.items) == sorted(i.url_name for i in nav_for(Role.STORE_MANAGER))


def test_it_refuses_an_unknown_group():
    with pytest.raises(ValueError):
        register_nav(roles=(Role.CLERK,), label="x", url_name="clerk:home", group="nonsense")


def test_the_header_shows_the_dropdowns_in_chinese(clients):
    html = clients.sm_a.get("/manager/").content.decode()
    assert "dropdown-toggle" in html
    assert "现场值班" in html


def test_it_sends_an_administrator_without_a_store_role_to_the_admin_site(db):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.conftest import login

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x-Pass-42")
    response = login(admin).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    staff = get_user_model().objects.create_user("office", is_staff=True)
    assert login(staff).get(reverse("home"))["Location"] == reverse("admin:index")


def test_every_roles_menu_bar_holds_at_most_the_flat_maximum():
    """However many features register entries, each role's bar keeps to FLAT_MENU_MAX places
    (the header stays on one row at 1366 px, tests/e2e/test_layout.py)."""
    for role in Role:
        assert len(nav_menu(role)) <= FLAT_MENU_MAX, role


def test_a_group_with_one_entry_shows_the_entry_under_its_own_name():
    menu = nav_menu(Role.CLERK)
    till = next(e for e in menu if any(i.url_name == "clerk:till" for i in e.items))
    assert not till.is_dropdown and str(till.label) == str(till.items[0].label)
