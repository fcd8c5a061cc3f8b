from django.db import migrations, models


class Migration(migrations.Migration):
    """A job's percentage is 'percent_done': 'progress' means the progress reports only."""

    dependencies = [
        ("exports", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="exportjob", old_name="progress", new_name="percent_done"),
        migrations.AlterField(
            model_name="exportjob",
            name="percent_done",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="đã xong (%)"),
        ),
    ]
