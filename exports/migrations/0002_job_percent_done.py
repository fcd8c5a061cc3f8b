from django.db import migrations, models


class Migration(migrations.Migration):
    """A job's percentage is 'percent_done': 'progress' means the progress reports only."""

    dependencies = [
        ("exports", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="exportjob", name="exportjob_progress_max_100"),
        migrations.RenameField(model_name="exportjob", old_name="progress", new_name="percent_done"),
        migrations.AlterField(
            model_name="exportjob",
            name="percent_done",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="đã xong (%)"),
        ),
        migrations.AddConstraint(
            model_name="exportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(percent_done__lte=100), name="exportjob_percent_done_max_100"
            ),
        ),
    ]
