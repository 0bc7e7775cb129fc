import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_service_messages():
    """Service messages are asserted in English here; pages are checked in Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def items(db):
    from tests.materials.helpers import make_items

    return make_items()
