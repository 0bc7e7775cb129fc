"""Cross-feature tests carry the `integration` marker, so `-m "not integration"` leaves them
out together with the tests that need a real Redis and Celery worker."""

import pathlib

import pytest

HERE = pathlib.Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in pathlib.Path(item.fspath).parents:
            item.add_marker(pytest.mark.integration)
