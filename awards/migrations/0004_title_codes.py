from decimal import Decimal

from django.db import migrations

# The rules of the usual titles, for the plans whose titles were made before titles had them (by 0002).
RULES = {
    "Tập thể lao động tiên tiến": {"code": "advanced", "min_class": "htt"},
    "Tập thể lao động xuất sắc": {"code": "excellent", "min_class": "htxs"},
    "Cờ thi đua của UBND thành phố": {"code": "city_flag", "min_class": "htxs", "max_per_group": 1},
    "Cờ thi đua của Chính phủ": {"code": "government_flag", "min_class": "htxs",
                                 "max_share_of_groups": Decimal(20), "earlier_title_code": "city_flag"},
    "Bằng khen của Chủ tịch UBND thành phố": {"code": "merit", "min_class": "htt",
                                              "max_share_of_members": Decimal(30)},
}


def set_rules(apps, schema_editor):
    Title = apps.get_model("awards", "Title")
    for name, rules in RULES.items():
        Title.objects.filter(name=name, code="").update(**rules)


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_year_end")]
    operations = [migrations.RunPython(set_rules, migrations.RunPython.noop)]
