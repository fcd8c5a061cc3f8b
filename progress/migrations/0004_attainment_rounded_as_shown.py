"""Stored attainments (of each value and each report's averages) were rounded to two decimals and shown with
one, so a page rounded twice and an average printed beside its cells could not be recomputed from them. Since
issue 11 every attainment is rounded once, to the one decimal shown (half up): recompute the stored values
from what was reported, and the reports' averages from them."""

from django.db import migrations


def recompute(apps, schema_editor):
    # The rules themselves (progress.attainment), not a copy: this recomputes every value from what was reported,
    # the way the application computes a value saved today.
    from progress import attainment as rules

    Report, ReportValue = apps.get_model("progress", "Report"), apps.get_model("progress", "ReportValue")
    pairs: dict[int, list] = {}
    changed = []
    for value in ReportValue.objects.only("pk", "report_id", "direction", "target_value", "actual", "done",
                                          "attainment", "weight").iterator():
        attainment = rules.attainment(value.direction, value.target_value, value.actual, value.done)
        if attainment != value.attainment:
            value.attainment = attainment
            changed.append(value)
        pairs.setdefault(value.report_id, []).append((attainment, value.weight))
    ReportValue.objects.bulk_update(changed, ["attainment"], batch_size=1000)
    reports = []
    for report in Report.objects.only("pk", "attainment", "attainment_uncapped").iterator():
        report.attainment, report.attainment_uncapped = rules.weighted_averages(pairs.get(report.pk, ()))
        reports.append(report)
    Report.objects.bulk_update(reports, ["attainment", "attainment_uncapped"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0003_historicalreport"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
