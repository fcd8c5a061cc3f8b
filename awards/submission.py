"""What a group's submission (tờ trình) to the board proposes: the units its year-end meeting elected for the city
flag and for the Bằng khen, each with this year's result (score, class, rank) and its votes. The PDF
(:func:`exports.documents.submission_pdf`) prints it; the wording of votes is :func:`votes_text`, for every
page and document that shows them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Ballot, Candidate, Meeting, Title

#: The ballots whose elected units the submission proposes, in the order it lists them, with the title each
#: proposes (by its code: the plan names its titles as it likes).
PROPOSING = [(Ballot.Question.CITY_FLAG, Title.Code.CITY_FLAG), (Ballot.Question.MERIT, Title.Code.MERIT)]


def votes_text(votes: int | None, valid: int | None) -> str:
    """"3/5": the votes for a unit over the valid ballots, as the minutes, the submission and the lists say it;
    "" when unknown."""
    if votes is None or valid is None:
        return ""
    return f"{votes}/{valid}"


@dataclass
class ProposedUnit:
    """One elected unit of a proposing ballot, with its result of the year."""

    unit: object
    title: str
    votes: int
    valid: int
    total: Decimal | None = None
    grade: str = ""
    rank: int | None = None
    reason: str = ""

    @property
    def votes_text(self) -> str:
        return votes_text(self.votes, self.valid)


@dataclass
class Proposing:
    """A title the meeting proposes, and the units it elected for it."""

    title: str
    units: list


def proposed_units(meeting: Meeting) -> list[Proposing]:
    """The titles the meeting proposed (city flag, then Bằng khen), each with its elected units in the order
    of the group's ranking. Three queries: titles, elected candidates, score sheets."""
    from evaluation.models import ScoreSheet

    campaign_id = meeting.group.campaign_id
    names = dict(Title.objects.filter(campaign_id=campaign_id, code__in=[code for _q, code in PROPOSING])
                 .order_by("position").values_list("code", "name"))
    elected = list(Candidate.objects.filter(ballot__meeting=meeting, elected=True,
                                            ballot__question__in=[q for q, _c in PROPOSING])
                   .select_related("unit", "ballot"))
    results = {unit_id: (total, grade, rank) for unit_id, total, grade, rank in
               ScoreSheet.objects.filter(evaluation__group_id=meeting.group_id)
               .values_list("unit_id", "final_total", "final_class", "final_rank")}
    found = []
    for question, code in PROPOSING:
        title = names.get(code) or str(Title.Code(code).label)
        units = [ProposedUnit(c.unit, title, c.votes, c.ballot.valid, *results.get(c.unit_id, (None, "", None)),
                              reason=c.reason)
                 for c in elected if c.ballot.question == question]
        units.sort(key=lambda u: (u.rank is None, u.rank or 0, -u.votes, u.unit.name))
        if units:
            found.append(Proposing(title, units))
    return found


def units_count_text(count: int) -> str:
    """"01 tập thể", as a submission counts the units proposed for a title."""
    return _("%(count)s tập thể") % {"count": f"{count:02d}"}
