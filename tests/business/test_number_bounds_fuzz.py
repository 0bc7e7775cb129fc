"""Property: a numeric field of the target grids either validates within its column's range or
answers a form error; it never hands the service a number the database cannot hold."""

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallops.forms_bounds import MAX_TARGET
from roles.duty_manager.forms_business import MeetingForm
from roles.store_manager.forms_business import TargetsForm

LINE = SimpleNamespace(pk=7, label="宽带")
CLERK = SimpleNamespace(pk=3)
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str),
                    st.sampled_from(["NaN", "1e30", "99999999999", "-0", "３", " 5 "]))


# The database is not used; the mark only keeps the session's setup fixtures happy.
@pytest.mark.django_db
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=NUMBERS)
def test_it_keeps_every_accepted_target_within_range(value):
    for form in (TargetsForm({"t_store_7": value, "t_3_7": value}, clerks=[CLERK], lines=[LINE],
                             current={}),
                 MeetingForm({"target_3_7": value}, clerks=[CLERK], lines=[LINE], current={})):
        if form.is_valid():
            for number in form.targets().values():
                assert number is None or 0 <= number <= MAX_TARGET
        else:
            assert form.errors
