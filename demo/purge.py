"""Delete a year's plan and everything hanging off it: ``generate_scale_data --replace`` and ``seed_demo --reset``
rebuild a year from nothing with it."""

from awards.models import (
    Attendance,
    AwardRecord,
    Ballot,
    Candidate,
    Meeting,
    MeetingReopening,
    Proposal,
    Registration,
)
from campaigns.models import Campaign
from evaluation.models import Evaluation, ScoreSheet, ScoringTable
from groups.models import Group, Membership
from pledges.models import Commitment, Pledge, PledgeLine, Signature, Target
from progress.models import Evidence, PeriodClosure, Report, ReportEvent, ReportValue


def purge_campaign(campaign: Campaign) -> None:
    """Delete ``campaign`` with its proposals, meetings, registrations, evaluation, scoring tables, reports, pledges, groups and plan, leaves first (reports and pledges protect
    the plan), and the history of all of them: the history of rows that no longer exist tells nothing, and the
    rebuilt year starts a history of its own.

    Targets go by a raw DELETE: through the ORM each one would be loaded and get a history row for its deletion.
    Units stay: they outlive campaigns (a rebuild finds them by code)."""
    # Registrations protect their units and titles (the titles go with the plan); proposals their titles, units,
    # groups and meetings (their award records go with them); meetings their groups. A queryset's delete: a
    # finalised meeting refuses the model's delete().
    Registration.objects.filter(campaign=campaign).delete()
    AwardRecord.objects.filter(proposal__campaign=campaign).delete()
    Proposal.objects.filter(campaign=campaign).delete()
    meetings = Meeting.objects.filter(group__campaign=campaign)
    Candidate.objects.filter(ballot__meeting__in=meetings).delete()
    Ballot.objects.filter(meeting__in=meetings).delete()
    Attendance.objects.filter(meeting__in=meetings).delete()
    MeetingReopening.objects.filter(meeting__in=meetings).delete()
    meetings.delete()
    # The evaluation protects its groups and units, the scoring tables the plan (and each other, by version).
    ScoreSheet.objects.filter(evaluation__group__campaign=campaign).delete()
    Evaluation.objects.filter(group__campaign=campaign).delete()
    tables = ScoringTable.objects.filter(campaign=campaign)
    tables.update(previous=None)
    tables.delete()
    pledges = Pledge.objects.filter(campaign=campaign)
    pledge_ids = list(pledges.values_list("pk", flat=True))
    ReportValue.objects.filter(report__campaign=campaign).delete()
    ReportEvent.objects.filter(report__campaign=campaign).delete()
    Evidence.objects.filter(report__campaign=campaign).delete()
    Report.objects.filter(campaign=campaign).delete()
    PeriodClosure.objects.filter(period__campaign=campaign).delete()
    Signature.objects.filter(pledge__in=pledges).delete()
    targets = Target.objects.filter(pledge__in=pledges)
    targets._raw_delete(targets.db)
    PledgeLine.objects.filter(pledge__in=pledges).delete()
    Commitment.objects.filter(pledge__in=pledges).delete()
    pledges.update(amends=None)
    pledges.delete()
    Campaign.objects.filter(pk=campaign.pk).delete()
    Target.history.filter(pledge_id__in=pledge_ids).delete()
    for model in (Report, Membership, Group):
        model.history.filter(campaign_id=campaign.pk).delete()
    Campaign.history.filter(id=campaign.pk).delete()
