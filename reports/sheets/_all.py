"""Imports every sheet module so that its sheets and headline figures register.

Adding a sheet for a new feature: write reports/sheets/<topic>.py and add it to this import.
"""

from . import (  # noqa: F401
    activity,
    attendance,
    business,
    cash,
    complaints,
    duty,
    headlines_core,
    operations,
    region,
    region_year,
    summary,
    targets,
)
