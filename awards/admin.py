"""Registrations are read-only in the admin: they change through the unit's page (version, submission, late mark)
and city staff reopen them there with a reason. Titles are managed on the plan's titles page; the admin lists them."""

from django.contrib import admin

from common.admin import ReadOnlyInline, ReadOnlyModelAdmin

from .models import (
    Attendance,
    Ballot,
    Candidate,
    Meeting,
    MeetingReopening,
    RegisteredPerson,
    RegisteredTitle,
    Registration,
    Title,
)


@admin.register(Title)
class TitleAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "scope", "campaign", "position")
    list_filter = ("campaign", "scope")


class TitleInline(ReadOnlyInline):
    model = RegisteredTitle


class PersonInline(ReadOnlyInline):
    model = RegisteredPerson


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyModelAdmin):
    list_display = ("unit", "campaign", "status", "first_submitted_at", "submitted_at")
    list_filter = ("campaign", "status")
    search_fields = ("unit__name", "unit__code")
    inlines = [TitleInline, PersonInline]


# The year-end meeting: recorded on the group's meeting page, locked once final (the models refuse too), reopened
# there with a reason; the admin only shows it.


class AttendanceInline(ReadOnlyInline):
    model = Attendance


class BallotInline(ReadOnlyInline):
    model = Ballot


class ReopeningInline(ReadOnlyInline):
    model = MeetingReopening


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyModelAdmin):
    list_display = ("group", "status", "held_at", "finalised_at")
    list_filter = ("status", "group__campaign")
    inlines = [AttendanceInline, BallotInline, ReopeningInline]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyModelAdmin):
    list_display = ("unit", "ballot", "votes", "elected")
