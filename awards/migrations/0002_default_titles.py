from django.db import migrations

TITLES = {
    "collective": ["Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc", "Cờ thi đua của UBND thành phố",
                   "Cờ thi đua của Chính phủ", "Bằng khen của Chủ tịch UBND thành phố"],
    "individual": ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"],
}


def seed(apps, schema_editor):
    """Plans made before this app start with the usual titles, as a new plan does."""
    Campaign, Title = apps.get_model("campaigns", "Campaign"), apps.get_model("awards", "Title")
    for campaign in Campaign.objects.exclude(pk__in=Title.objects.values("campaign_id")):
        Title.objects.bulk_create(
            Title(campaign=campaign, name=name, scope=scope, position=i)
            for scope, names in TITLES.items() for i, name in enumerate(names, start=1))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial"), ("campaigns", "0005_registration_deadline")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
