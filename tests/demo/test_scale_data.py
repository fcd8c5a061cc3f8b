"""``manage.py generate_scale_data`` at a small size: exact counts, signed pledges, reports whose stored
attainment follows :mod:`progress.attainment`, refusal to run twice, and the same city from the same seed."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from awards.models import Candidate, Proposal
from campaigns.models import Campaign, Indicator, ReportingPeriod
from campaigns.services import default_periods
from demo import scale_vocabulary
from groups.models import Group, Membership
from pledges.models import Commitment, Pledge, PledgeLine, Signature, Target
from progress import attainment as rules
from progress.models import CAPPED, GroupIndicatorTotal, Report, ReportEvent, ReportValue
from units.models import Unit

UNITS, INDICATORS, PERIODS, YEAR = 40, 5, 2, 2031
GROUPS = 3  # 40 / 16 rounded


def generate(**options) -> str:
    out = StringIO()
    options = {"units": UNITS, "indicators": INDICATORS, "periods": PERIODS, "year": YEAR, "seed": 7} | options
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def city(db):
    generate()
    return Campaign.objects.get(year=YEAR)


def test_creates_exactly_the_expected_rows(city):
    assert city.status == Campaign.Status.ISSUED
    assert Unit.objects.count() == UNITS
    assert Indicator.objects.filter(campaign=city).count() == INDICATORS
    assert Group.objects.filter(campaign=city).count() == GROUPS
    assert Membership.objects.filter(campaign=city).count() == UNITS
    assert Pledge.objects.filter(campaign=city).count() == GROUPS
    assert Commitment.objects.count() == GROUPS * len(scale_vocabulary.CONTENT_ITEMS)
    assert PledgeLine.objects.count() == GROUPS * INDICATORS
    assert Target.objects.count() == UNITS * INDICATORS
    assert Signature.objects.count() == UNITS
    assert Report.objects.filter(campaign=city).count() == UNITS * PERIODS
    assert ReportValue.objects.count() == UNITS * INDICATORS * PERIODS
    returned = ReportEvent.objects.filter(to_status=Report.Status.RETURNED).count()
    assert ReportEvent.objects.count() == 2 * UNITS * PERIODS + 2 * returned


def test_the_plan_mixes_directions_weights_and_kinds_of_group(city):
    indicators = Indicator.objects.filter(campaign=city)
    assert set(indicators.values_list("direction", flat=True)) == set(Indicator.Direction.values)
    assert indicators.filter(weight__gt=1).exists()
    assert set(Group.objects.filter(campaign=city).values_list("kind", flat=True)) == set(Group.Kind.values)
    assert list(city.periods.values_list("name", "end_date")) == [
        ("6 tháng", datetime.date(YEAR, 6, 30)), ("Năm", datetime.date(YEAR, 12, 31))]


def test_four_periods_are_the_default_periods(db):
    generate(units=8, indicators=3, periods=4)
    periods = ReportingPeriod.objects.filter(campaign__year=YEAR).order_by("end_date")
    assert [(p.name, p.end_date, p.deadline) for p in periods] == [
        (p["name"], p["end_date"], p["deadline"]) for p in default_periods(YEAR)]


def test_every_group_has_a_signed_pledge_signed_by_each_member(city):
    for group in Group.objects.filter(campaign=city):
        members = set(group.memberships.values_list("unit_id", flat=True))
        roles = sorted(group.memberships.exclude(role=Membership.Role.MEMBER).values_list("role", flat=True))
        assert roles == [Membership.Role.DEPUTY, Membership.Role.LEADER]
        (pledge,) = Pledge.objects.filter(group=group)
        assert pledge.status == Pledge.Status.SIGNED and pledge.signed_at.year == YEAR
        signatures = list(pledge.signatures.values_list("unit_id", flat=True))
        assert sorted(signatures) == sorted(members)
        assert max(pledge.signatures.values_list("signed_at", flat=True)) == pledge.signed_at
        lines = list(pledge.lines.all())
        assert [line.code for line in lines] == list(city.indicators.values_list("code", flat=True))
        targets = Target.objects.filter(pledge=pledge)
        assert targets.count() == len(members) * len(lines)
        assert not targets.exclude(status=Target.Status.SET).exists()
        assert not targets.filter(value__isnull=True).exclude(line__direction="done").exists()


def test_reports_are_submitted_with_the_attainment_of_the_app(city):
    reports = Report.objects.filter(campaign=city).select_related("period")
    for report in reports:
        assert report.status == Report.Status.SUBMITTED
        assert report.submitted_at.date() > report.period.end_date
        values = list(report.values.select_related("target", "line"))
        assert len(values) == INDICATORS
        for value in values:
            assert value.target.unit_id == report.unit_id and value.target.pledge_id == report.pledge_id
            assert (value.target_value, value.weight, value.direction) == (
                value.target.value, value.line.weight, value.line.direction)
            assert value.is_filled
            assert value.attainment == rules.attainment(value.direction, value.target_value, value.actual, value.done)
        assert report.attainment == rules.weighted_average((v.attainment, v.weight) for v in values)
    membership = dict(Membership.objects.filter(campaign=city).values_list("unit_id", "group_id"))
    assert all(membership[r.unit_id] == r.group_id == r.pledge.group_id for r in reports.select_related("pledge"))
    # Dated in the campaign's year (the final period's reports early the next year), not today.
    assert {e.at.year for e in ReportEvent.objects.all()} <= {YEAR, YEAR + 1}
    assert Report._meta.get_field("created_at").auto_now_add  # the command restored the field


def test_the_city_dashboard_totals_are_counted_after_the_bulk_writes(city):
    """The reports are written past the services, so the command counts the per-group indicator totals itself."""
    for period in ReportingPeriod.objects.filter(campaign=city):
        live = {(r["report__group_id"], r["indicator_id"]): (r["total"], r["n"]) for r in (
            ReportValue.objects.filter(report__period=period, report__status=Report.Status.SUBMITTED,
                                       indicator__isnull=False, attainment__isnull=False)
            .values("report__group_id", "indicator_id").order_by().annotate(total=Sum(CAPPED), n=Count("pk")))}
        kept = {(t.group_id, t.indicator_id): (t.total, t.reports)
                for t in GroupIndicatorTotal.objects.filter(period=period)}
        assert kept == live and len(kept) == GROUPS * INDICATORS


def test_refuses_a_second_run_without_replace(city):
    with pytest.raises(CommandError, match="--replace"):
        generate()
    generate(replace=True)
    assert Campaign.objects.filter(year=YEAR).count() == 1
    assert Unit.objects.count() == UNITS  # the units are reused, not duplicated
    assert Report.objects.count() == UNITS * PERIODS
    assert Target.objects.count() == UNITS * INDICATORS


def snapshot(seed: int) -> dict:
    """What a run with ``seed`` builds, by natural keys, rolled back afterwards."""
    with transaction.atomic():
        generate(seed=seed)
        result = {
            "units": list(Unit.objects.order_by("code").values_list("code", "name", "short_name", "kind")),
            "indicators": list(Indicator.objects.order_by("code").values_list(
                "code", "name", "direction", "weight", "city_value")),
            "groups": list(Membership.objects.order_by("unit__code").values_list(
                "unit__code", "group__name", "group__kind", "role")),
            "targets": list(Target.objects.order_by("unit__code", "line__code").values_list(
                "unit__code", "line__code", "value")),
            "signatures": list(Signature.objects.order_by("unit__code").values_list(
                "unit__code", "signer_name", "signed_at")),
            "reports": list(Report.objects.order_by("period__end_date", "unit__code").values_list(
                "period__name", "unit__code", "attainment", "submitted_at", "revision")),
            "values": list(ReportValue.objects.order_by(
                "report__period__end_date", "report__unit__code", "line__code").values_list(
                "line__code", "actual", "done", "attainment", "note")),
            "awards": list(Proposal.objects.order_by("unit__code", "title__name").values_list(
                "unit__code", "title__name", "votes", "decision")) + list(Candidate.objects.order_by(
                    "ballot__meeting__group__name", "ballot__question", "unit__code").values_list(
                    "ballot__question", "unit__code", "votes", "elected")),
        }
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_city():
    first = snapshot(seed=7)
    assert Unit.objects.count() == 0
    assert snapshot(seed=7) == first
    other = snapshot(seed=8)
    assert other["values"] != first["values"] and other["units"] != first["units"]


def test_every_group_has_a_published_evaluation_with_ranks(db):
    """The bench's evaluation pages read it: both tables keep every rule, every member is ranked."""
    from io import StringIO

    from django.core.management import call_command

    from evaluation.models import Evaluation, ScoreSheet, ScoringTable

    call_command("generate_scale_data", units=24, indicators=4, periods=2, seed=3, year=2023, stdout=StringIO())
    assert all(table.problems() == [] for table in ScoringTable.objects.filter(campaign__year=2023))
    evaluations = Evaluation.objects.filter(group__campaign__year=2023)
    assert evaluations.count() > 1 and all(e.is_published for e in evaluations)
    for evaluation in evaluations:
        ranks = sorted(evaluation.sheets.values_list("final_rank", flat=True))
        assert ranks == list(range(1, len(ranks) + 1))
    assert not ScoreSheet.objects.filter(final_class="").exists()


def test_the_year_has_registrations_meetings_proposals_and_the_register(city):
    """The bench's awards pages read them: every unit registered; each group's meeting, the final ones valid by
    the rules of :mod:`awards.meetings` (quorum, votes within the valid ballots, elected above half the members,
    nothing left for finalising to refuse); proposals within the quotas, some decided, the approved ones in the
    register; the year before back-filled."""
    from awards import meetings as rules_of_meetings
    from awards import proposals as rules_of_proposals
    from awards.models import AwardRecord, Ballot, Meeting, Proposal, RegisteredPerson, Registration

    registrations = Registration.objects.filter(campaign=city)
    assert registrations.count() == UNITS
    assert all(r.titles.exists() for r in registrations)
    assert RegisteredPerson.objects.filter(registration__campaign=city).count() >= UNITS
    assert not registrations.filter(status=Registration.Status.SUBMITTED, first_submitted_at__isnull=True).exists()

    groups = Group.objects.filter(campaign=city)
    assert Meeting.objects.filter(group__campaign=city).count() == GROUPS
    finals = 0
    for group in groups:
        state = rules_of_meetings.load(group)
        assert len(state.attendance) == len(state.members)
        if not state.is_final:
            continue
        finals += 1
        assert state.quorum.met and state.problems() == []
        for ballot in state.ballots.values():
            assert ballot.valid <= ballot.returned <= ballot.issued <= state.quorum.present
            elected = [c for c in ballot.candidates.all() if c.elected]
            assert all(c.votes <= ballot.valid and c.votes * 2 > len(state.members) for c in elected)
            assert len(elected) <= ballot.seats
        proposed = {(p.title.code, p.unit_id) for p in state.meeting.proposals.select_related("title")}
        assert proposed == {(rules_of_meetings.TITLE_OF[b.question], c.unit_id) for b in state.ballots.values()
                            if b.question in rules_of_meetings.TITLE_OF for c in b.candidates.all() if c.elected}
    assert finals >= 1
    assert Ballot.objects.filter(meeting__group__campaign=city).exists()

    proposals = Proposal.objects.filter(campaign=city)
    assert proposals.filter(meeting__isnull=False).exists() and proposals.filter(meeting__isnull=True).exists()
    assert proposals.exclude(decision=Proposal.Decision.PENDING).exists()
    for title_list in rules_of_proposals.title_lists(city, rules_of_proposals.collective_titles(city)):
        assert title_list.quota_problems == []
        for row in title_list.rows:  # the class is met; an unregistered title carries its reason
            assert row.problems == ([] if row.registered else [rules_of_proposals.not_registered_text(row.proposal.title)])
            assert row.registered or row.proposal.reason
    approved = proposals.filter(decision=Proposal.Decision.APPROVED)
    assert set(AwardRecord.objects.filter(year=YEAR).values_list("proposal_id", flat=True)) == set(
        approved.values_list("pk", flat=True))
    assert AwardRecord.objects.filter(year=YEAR - 1, proposal__isnull=True).exists()


def test_a_group_short_of_the_quorum_is_left_in_draft(db):
    from awards import meetings as rules_of_meetings

    generate(units=100, indicators=2, periods=1)
    states = [rules_of_meetings.load(g) for g in Group.objects.filter(campaign__year=YEAR)]
    short = [s for s in states if not s.quorum.met]
    assert short and not any(s.is_final for s in short)
    assert sum(s.is_final for s in states) > len(states) / 2
