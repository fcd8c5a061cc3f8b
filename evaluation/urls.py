from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("year/<int:year>/", views.overview, name="overview"),
    path("year/<int:year>/ranking/", views.ranking, name="ranking"),
    path("year/<int:year>/copy-table/", views.table_copy, name="table_copy"),
    path("table/<int:table_id>/", views.table, name="table"),
    path("table/<int:table_id>/publish/", views.table_publish, name="table_publish"),
    path("table/<int:table_id>/new-version/", views.table_new_version, name="table_new_version"),
    path("group/<int:group_id>/", views.group, name="group"),
    path("group/<int:group_id>/open/", views.open_evaluation, name="open"),
    path("group/<int:group_id>/assign/", views.assign, name="assign"),
    path("group/<int:group_id>/publish/", views.publish, name="publish"),
    path("group/<int:group_id>/reopen/", views.reopen, name="reopen"),
    path("group/<int:group_id>/results/", views.results, name="results"),
    path("sheet/<int:sheet_id>/", views.sheet, name="sheet"),
    path("sheet/<int:sheet_id>/rows/<str:code>/", views.row, name="row"),
    path("sheet/<int:sheet_id>/rows/<str:code>/return/", views.return_row, name="return_row"),
    path("sheet/<int:sheet_id>/rows/<str:code>/answer/", views.answer_row, name="answer_row"),
    path("sheet/<int:sheet_id>/rows/<str:code>/agree/", views.agree_row, name="agree_row"),
    path("sheet/<int:sheet_id>/submit-self/", views.submit_self, name="submit_self"),
    path("sheet/<int:sheet_id>/submit-cross/", views.submit_cross, name="submit_cross"),
    path("sheet/<int:sheet_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("sheet/<int:sheet_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
