from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<uuid:pk>/", views.job, name="job"),
    path("jobs/<uuid:pk>/file/", views.job_file, name="job_file"),
    path("jobs/<uuid:pk>/retry/", views.job_retry, name="job_retry"),
    path("<slug:kind>/", views.download, name="download"),
]
