"""Default schedules (daily 21:30 per store, weekly Saturday, monthly on the 1st) and the
beat entry that fires due schedules every minute (django-celery-beat's DatabaseScheduler)."""

import datetime

from django.db import migrations

DEFAULTS = [
    # name, kind, at, weekday, day of month
    ("营业日报 每日21:30 (每个营业厅)", "store_daily", datetime.time(21, 30), 5, 1),
    ("营业周报 每周六21:30 (每个营业厅)", "store_weekly", datetime.time(21, 30), 5, 1),
    ("营业月报 每月1日06:00 (上月, 每个营业厅)", "store_monthly", datetime.time(6, 0), 5, 1),
    ("片区月报 每月1日06:30 (上月, 每个片区)", "region_monthly", datetime.time(6, 30), 5, 1),
]
BEAT_NAME = "reports: run due report schedules"


def create(apps, schema_editor):
    Schedule = apps.get_model("reports", "ReportSchedule")
    for name, kind, at, weekday, day in DEFAULTS:
        Schedule.objects.get_or_create(
            kind=kind, store=None, region=None,
            defaults={"name": name, "at_time": at, "weekday": weekday, "day_of_month": day},
        )
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = Interval.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=BEAT_NAME,
        defaults={"task": "reports.tasks.run_report_schedules", "interval": every_minute},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=BEAT_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
