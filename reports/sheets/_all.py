"""Imports every sheet module so that its sheets and headline figures register.

Adding a sheet for a new feature (cash, complaints, duty logs…): write reports/sheets/<topic>.py
and add one import line here.
"""

from . import activity, attendance, headlines_core, region, summary  # noqa: F401
