from django.urls import path

from . import dashboard_views, history_views, views

app_name = "progress"

# The report pages, the dashboards and the reports' history live in separate view modules; their routes are
# listed here in three groups, which the permission matrices of the tests read one by one.
report_patterns = [
    path("periods/<int:period_pk>/units/<int:unit_pk>/", views.report, name="report"),
    path("periods/<int:period_pk>/close/", views.period_close, name="period_close"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
dashboard_patterns = [
    path("<int:year>/", dashboard_views.city, name="city"),
    path("groups/<int:group_pk>/", dashboard_views.group, name="group"),
    path("units/<int:unit_pk>/<int:year>/", dashboard_views.unit, name="unit"),
]
history_patterns = [
    path("reports/<int:pk>/history/", history_views.report_history, name="report_history"),
]
urlpatterns = report_patterns + dashboard_patterns + history_patterns
