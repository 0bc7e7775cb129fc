"""Settings for the page benchmark only (`bench/page_bench.py` sets DJANGO_SETTINGS_MODULE to
this module): the production settings, plus two pages to compare against.

Production never imports this module, so the two extra URLs cannot appear there. Plain http
on 127.0.0.1: the benchmark talks to gunicorn directly, with no TLS proxy in front.
"""

import os

from hallops.settings import *  # noqa: F403
from hallops.settings import BASE_DIR, TEMPLATES, VAR_DIR

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# collectstatic for the manifest storage goes here, not into the deployable staticfiles/.
STATIC_ROOT = VAR_DIR / "bench-static"
# No TLS on 127.0.0.1; the secure-cookie flags do not matter to wrk or the test client.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The benchmark's own logins must not be locked out by a slow run.
AXES_ENABLED = os.environ.get("BENCH_AXES", "1") == "1"
