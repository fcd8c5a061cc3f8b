from django.urls import path

from . import meeting_views, rules_views, views

app_name = "awards"
urlpatterns = [
    path("year/<int:year>/registrations/", views.overview, name="overview"),
    path("year/<int:year>/titles/", views.titles, name="titles"),
    path("year/<int:year>/titles/<int:pk>/rename/", views.title_rename, name="title_rename"),
    path("year/<int:year>/titles/<int:pk>/move/", views.title_move, name="title_move"),
    path("year/<int:year>/titles/<int:pk>/delete/", views.title_delete, name="title_delete"),
    path("year/<int:year>/unit/<int:unit_id>/", views.registration, name="registration"),
    path("year/<int:year>/unit/<int:unit_id>/submit/", views.submit, name="submit"),
    path("year/<int:year>/unit/<int:unit_id>/reopen/", views.reopen, name="reopen"),
    path("year/<int:year>/unit/<int:unit_id>/import/", views.import_people, name="import"),
    path("year/<int:year>/unit/<int:unit_id>/template.xlsx", views.template, name="template"),
    # The meeting rules (quorum, elected base) and the plan's repeat-leader rule.
    path("year/<int:year>/settings/", rules_views.settings, name="settings"),
    # the year-end meeting (awards.meeting_views)
    path("year/<int:year>/meetings/", meeting_views.meetings_list, name="meetings"),
    path("group/<int:group_id>/meeting/", meeting_views.meeting, name="meeting"),
    path("group/<int:group_id>/meeting/ballot/<slug:question>/", meeting_views.meeting_ballot, name="meeting_ballot"),
    path("group/<int:group_id>/meeting/finalise/", meeting_views.meeting_finalise, name="meeting_finalise"),
    path("group/<int:group_id>/meeting/reopen/", meeting_views.meeting_reopen, name="meeting_reopen"),
]
