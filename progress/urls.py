from . import dashboard_views, history_views, views

app_name = "progress"
# Each views module lists its own routes, so the report pages and the dashboards evolve apart.
urlpatterns = views.urlpatterns + dashboard_views.urlpatterns + history_views.urlpatterns
