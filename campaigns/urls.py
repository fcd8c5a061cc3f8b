from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:year>/", views.campaign_detail, name="detail"),
    path("<int:year>/edit/", views.campaign_edit, name="edit"),
    path("<int:year>/delete/", views.campaign_delete, name="delete"),
    path("<int:year>/status/", views.campaign_status, name="status"),
    path("<int:year>/copy/", views.campaign_copy, name="copy"),
    path("<int:year>/history/", views.campaign_history, name="history"),
    path("<int:year>/items/", views.item_create, name="item_create"),
    path("<int:year>/items/<int:pk>/", views.item_row, name="item_row"),
    path("<int:year>/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:year>/items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:year>/items/<int:pk>/move/", views.item_move, name="item_move"),
    path("<int:year>/indicators/new/", views.indicator_form, name="indicator_create"),
    path("<int:year>/indicators/<int:pk>/edit/", views.indicator_form, name="indicator_edit"),
    path("<int:year>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("<int:year>/periods/new/", views.period_form, name="period_create"),
    path("<int:year>/periods/<int:pk>/edit/", views.period_form, name="period_edit"),
    path("<int:year>/periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
]
