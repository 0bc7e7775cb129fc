import pytest

from hallops.celery import app as celery_app


@pytest.fixture
def broker():
    """Point this process's Celery at a real broker (not eager) for one test."""
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url,
             celery_app.conf.broker_transport_options)

    def _reset_pools():
        from kombu import pools

        pools.reset()  # closes and forgets every cached connection and producer pool
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def use(url, **options):
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"socket_timeout": 2,
                                                    "socket_connect_timeout": 2, **options}
        _reset_pools()

    yield use
    (celery_app.conf.task_always_eager, celery_app.conf.broker_url,
     celery_app.conf.broker_transport_options) = saved
    _reset_pools()
