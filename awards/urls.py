from django.urls import path

from . import meeting_views, proposal_views, rules_views, views

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
    # proposals, the council's decisions, title rules and the award register (awards.proposal_views)
    path("year/<int:year>/proposals/", proposal_views.proposals, name="proposals"),
    path("year/<int:year>/proposals/add/", proposal_views.proposal_add, name="proposal_add"),
    path("year/<int:year>/proposals/decisions/", proposal_views.proposal_bulk_decide, name="proposal_bulk_decide"),
    path("year/<int:year>/proposals/<int:pk>/decision/", proposal_views.proposal_decide, name="proposal_decide"),
    path("year/<int:year>/proposals/<int:pk>/delete/", proposal_views.proposal_delete, name="proposal_delete"),
    path("year/<int:year>/titles/<int:pk>/rules/", proposal_views.title_rules, name="title_rules"),
    path("year/<int:year>/register/", proposal_views.register_year, name="register_year"),
    path("register/<int:unit_id>/", proposal_views.register, name="register"),
    path("register/<int:unit_id>/<int:pk>/", proposal_views.register_edit, name="register_edit"),
    path("register/<int:unit_id>/<int:pk>/delete/", proposal_views.register_delete, name="register_delete"),
]
