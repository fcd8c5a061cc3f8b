from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import LoginForm

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("units/", include("units.urls")),
    path("", include("groups.urls")),
    path("pledges/", include("pledges.urls")),
    path("progress/", include("progress.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("awards/", include("awards.urls")),
    path("exports/", include("exports.urls")),
    path("admin/", admin.site.urls),
]
