"""The regional yearly workbook (片区年报, issue 19): the kind, and its default schedule (on
2 January at 07:00, the previous year, for every region; after the monthly run of the 1st)."""

import datetime

from django.db import migrations, models


def create(apps, schema_editor):
    apps.get_model("reports", "ReportSchedule").objects.get_or_create(
        kind="region_yearly", store=None, region=None,
        defaults={"name": "片区年报 每年1月2日07:00 (上年, 每个片区)",
                  "at_time": datetime.time(7, 0), "weekday": 5, "day_of_month": 2},
    )


def remove(apps, schema_editor):
    apps.get_model("reports", "ReportSchedule").objects.filter(
        kind="region_yearly", store=None, region=None).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_english_only_labels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportfile',
            name='kind',
            field=models.CharField(choices=[('store_daily', 'Store daily workbook'), ('store_weekly', 'Store weekly workbook'), ('store_monthly', 'Store monthly workbook'), ('region_monthly', 'Regional monthly workbook'), ('region_yearly', 'Regional yearly workbook')], max_length=20, verbose_name='workbook'),
        ),
        migrations.AlterField(
            model_name='reportschedule',
            name='kind',
            field=models.CharField(choices=[('store_daily', 'Store daily workbook'), ('store_weekly', 'Store weekly workbook'), ('store_monthly', 'Store monthly workbook'), ('region_monthly', 'Regional monthly workbook'), ('region_yearly', 'Regional yearly workbook')], max_length=20, verbose_name='workbook'),
        ),
        migrations.RunPython(create, remove),
    ]
