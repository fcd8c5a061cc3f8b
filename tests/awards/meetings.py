"""Year-end meetings built row by row for the tests (the meeting pages and the finalise service are another
part's): a meeting with its ballots and candidates, finalised by a plain update as the service would leave it."""

import datetime

from django.utils import timezone

from awards.models import Ballot, Candidate, Meeting

HELD_AT = datetime.datetime(2024, 12, 20, 8, 30, tzinfo=datetime.UTC)


def meeting_of(group, *, final=True, ballots=(), **fields) -> Meeting:
    """``ballots``: (question, valid ballots, [(unit, votes, elected), …]) each; issued = returned = valid."""
    fields.setdefault("held_at", HELD_AT)
    fields.setdefault("place", "Hội trường Sở Kế hoạch và Đầu tư")
    meeting = Meeting.objects.create(group=group, **fields)
    for question, valid, candidates in ballots:
        ballot = Ballot.objects.create(meeting=meeting, question=question, issued=valid, returned=valid,
                                       valid=valid)
        Candidate.objects.bulk_create(Candidate(ballot=ballot, unit=unit, votes=votes, elected=elected)
                                      for unit, votes, elected in candidates)
    if final:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.FINAL, finalised_at=timezone.now())
        meeting.refresh_from_db()
    return meeting


def elects(group, leader=None, deputy=None, *, final=True, valid=3) -> Meeting:
    """A meeting of ``group`` that elected next year's ``leader`` and ``deputy`` (all votes each)."""
    ballots = []
    if leader is not None:
        ballots.append((Ballot.Question.LEADER, valid, [(leader, valid, True)]))
    if deputy is not None:
        ballots.append((Ballot.Question.DEPUTY, valid, [(deputy, valid, True)]))
    return meeting_of(group, final=final, ballots=ballots)
