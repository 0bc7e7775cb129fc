"""Imports every sheet module so that its sheets and headline figures register.

Adding a sheet for a new feature: write reports/sheets/<topic>.py and add it to this import.
"""

from . import (  # noqa: F401
    activity,
    assessment,
    attendance,
    business,
    cash,
    complaints,
    duty,
    floor,
    headlines_core,
    operations,
    region,
    region_year,
    roster,
    service,
    summary,
    targets,
)
