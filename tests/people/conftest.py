import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched on their English text (the Chinese catalogue translates them)."""
    with translation.override("en"):
        yield
