from django.urls import path

from . import views

app_name = "pledges"
urlpatterns = [
    path("year/<int:year>/", views.overview, name="overview"),
    path("groups/<int:group_pk>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/completeness/", views.completeness, name="completeness"),
    path("<int:pk>/lines/new/", views.line_create, name="line_create"),
    path("<int:pk>/lines/<int:line_pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/cells/<int:line_pk>/<int:unit_pk>/", views.cell, name="cell"),
    path("<int:pk>/units/<int:unit_pk>/", views.unit_targets, name="unit_targets"),
    path("<int:pk>/open/", views.open_for_signing, name="open"),
    path("<int:pk>/return/", views.return_to_draft, name="return_to_draft"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/signatures/<int:signature_pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/template.xlsx", views.template, name="template"),
    path("<int:pk>/import/", views.import_targets, name="import"),
]
