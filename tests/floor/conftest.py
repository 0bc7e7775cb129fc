import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_refusals():
    """Service refusals are matched on their English text; pages speak the person's language."""
    with translation.override("en"):
        yield
