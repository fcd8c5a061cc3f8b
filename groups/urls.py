from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("campaigns/<int:year>/groups/", views.group_list, name="list"),
    path("campaigns/<int:year>/groups/new/", views.group_create, name="create"),
    path("groups/<int:pk>/", views.group_detail, name="detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="edit"),
    path("groups/<int:pk>/delete/", views.group_delete, name="delete"),
    path("groups/<int:pk>/history/", views.group_history, name="history"),
    # Retiring a unit hands its memberships over, so it is a groups page under the unit's address.
    path("units/<int:pk>/retire/", views.unit_retire, name="unit_retire"),
]
