"""The demo's year-end meetings of 2024: the bloc's finalised minutes and their proposals, the officer's cluster
without quorum, 2023's back-filled award register; rebuilt the same by ``--reset``."""

from io import StringIO

import pytest
from django.core.management import call_command

from awards import meetings
from awards.models import AwardRecord, Candidate, Meeting, Proposal
from demo import seed_meetings as demo
from groups.models import Group

pytestmark = pytest.mark.django_db


def seed(**options) -> None:
    call_command("seed_demo", force=True, stdout=StringIO(), **options)


def elected() -> set:
    return set(Candidate.objects.filter(elected=True).values_list("ballot__question", "unit__code"))


def test_the_bloc_finalised_its_minutes_and_the_cluster_lacks_quorum():
    seed()
    bloc = Group.objects.get(campaign__year=2024, name=demo.BLOC_NAME)
    state = meetings.load(bloc)
    assert state.is_final and state.quorum.met and (state.quorum.present, state.quorum.members) == (7, 8)
    assert elected() == {("city_flag", "SKHDT"), ("merit", "STC"), ("merit", "SCT"), ("leader", "SCT"),
                         ("deputy", "STC")}
    assert state.ranking and {s.unit.code for s in state.ranking if s.final_class == "htxs"} == {"SKHDT"}
    proposals = set(Proposal.objects.filter(meeting=state.meeting).values_list("title__code", "unit__code"))
    assert proposals == {("city_flag", "SKHDT"), ("merit", "STC"), ("merit", "SCT")}
    assert state.meeting.rotating_flag_to.code == "SKHDT"
    cluster = meetings.load(Group.objects.get(campaign__year=2024, name=demo.CLUSTER_NAME))
    assert not cluster.is_final and not cluster.quorum.met and cluster.quorum.missing == 1
    assert set(AwardRecord.objects.filter(year=2023).values_list("unit__code", flat=True)) == {
        code for code, *_rest in demo.REGISTER_2023}
    by_city = set(Proposal.objects.filter(meeting=None).values_list("title__code", "unit__code"))
    assert by_city == {("government_flag", "SKHDT"), ("merit", "SDL")}


def test_the_city_list_flags_the_bloc_over_its_bang_khen_quota_and_nothing_else():
    seed()
    from awards import proposals as rules
    from awards.models import Title
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(year=2024)
    lists = {lst.title.code: lst for lst in rules.title_lists(campaign, rules.collective_titles(campaign))}
    over = {code: [row.unit.code for row in lst.rows if row.over_quota] for code, lst in lists.items()}
    assert sorted(over["merit"]) == ["SCT", "SDL", "STC"]
    assert not any(units for code, units in over.items() if code != "merit")
    government = next(row for row in lists["government_flag"].rows)
    assert Title.objects.get(campaign=campaign, code="government_flag") == government.proposal.title
    assert not any("2023" in problem for problem in government.problems)  # its city flag of 2023 is on record


def test_a_reset_builds_the_same_meetings_again():
    seed()
    before = (elected(), Meeting.objects.count(), AwardRecord.objects.count())
    seed(reset=True)
    assert (elected(), Meeting.objects.count(), AwardRecord.objects.count()) == before
