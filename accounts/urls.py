from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("users/<int:pk>/history/", views.user_history, name="user_history"),
]
