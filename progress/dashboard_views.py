"""Dashboards: the city, a group and a unit, for a period; filters and sorting in the URL."""

urlpatterns = []
