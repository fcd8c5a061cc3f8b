"""Query helpers shared by the apps."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_of(model, relation: str):
    """The number of ``model``'s related rows through the reverse foreign key ``relation``, as an annotation.

    Several ``Count("a", distinct=True)`` over joins multiply the joined rows (a plan's items × indicators ×
    groups) before counting them, so the work grows with the product; one correlated subquery per count reads
    each table once. The related model is found through the relation, so a lower app counts a higher app's
    rows without importing it."""
    field = model._meta.get_field(relation)
    remote = field.field.name
    counted = (field.related_model._default_manager.filter(**{remote: OuterRef("pk")}).order_by()
               .values(remote).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
