"""``manage.py generate_scale_data``: a synthetic city at scale, to measure the dashboards.

``--units 1000 --indicators 30 --periods 4`` builds, for one year: 1,000 units with Vietnamese-looking names,
codes and kinds; an issued plan with 30 indicators (higher / lower / done, some weighted), its content items,
legal bases and reporting periods; about 60 blocs and clusters with a leader and a deputy; one signed pledge
per group (commitments, lines copied from the indicators, a target per member × line, a signature per member);
and for every period every unit's report, submitted, with its values and their attainment computed by
:mod:`progress.attainment` — the rules of the app — plus the report's events. 120,000 report values.

Everything is written with ``bulk_create`` directly in its final state: the pledge models' ``save()`` refuse
to change a signed pledge, and bulk inserts bypass ``save()`` on purpose. For the same reason no history of
targets (django-simple-history) is written. Timestamps (units, signatures, events, submissions) are dated in
the campaign's year, not today: the same ``--seed`` gives the same rows, timestamps included.

Units are matched by code: a second year generated in the same database reuses the units, like a real city.
"""

import calendar
import datetime
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    ContentItem,
    Indicator,
    LegalBasis,
    ReportingPeriod,
)
from campaigns.services import default_periods
from demo import scale_vocabulary as vocab
from demo.purge import purge_campaign
from groups.models import Group, Membership
from pledges.models import Commitment, Pledge, PledgeLine, Signature, Target
from pledges.services import default_title
from progress import attainment as rules
from progress.models import GroupIndicatorTotal, Report, ReportEvent, ReportValue
from units.models import Unit

BATCH_SIZE = 5000
LATE_SHARE = 0.07        # reports submitted after the deadline
RETURNED_SHARE = 0.04    # reports returned once, corrected and submitted again
NOTE_SHARE = 0.1         # values under 80 % that carry an explanatory note


@contextmanager
def stored_timestamps(*fields):
    """Let ``bulk_create`` store the ``auto_now`` / ``auto_now_add`` fields as set on the objects (dates in the
    campaign's year) instead of "now"; restored on exit."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, _auto_now, _auto_now_add in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _decimal(value: float, decimals: int) -> Decimal:
    result = Decimal(f"{value:.{decimals}f}")
    return result if result else Decimal(0).quantize(Decimal(1).scaleb(-decimals))  # no "-0.00"


@dataclass
class City:
    """What was built, by index: unit i is ``unit_ids[i]``; group g has ``members[g]`` (unit indexes)."""

    unit_ids: list = field(default_factory=list)
    unit_kinds: list = field(default_factory=list)
    new_units: int = 0
    campaign: Campaign | None = None
    indicators: list = field(default_factory=list)      # (Indicator, IndicatorTemplate)
    periods: list = field(default_factory=list)
    group_ids: list = field(default_factory=list)
    members: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    phases: dict = field(default_factory=dict)


class Command(BaseCommand):
    help = _(
        "Tạo một thành phố giả lập ở quy mô lớn để đo tốc độ: đơn vị, kế hoạch đã phát động, cụm, khối, giao ước "
        "đã ký kết và báo cáo đã nộp của mọi kỳ, với mức đạt tính theo đúng quy tắc của ứng dụng. Ghi thẳng bằng "
        "bulk_create (bỏ qua save() của giao ước đã ký có chủ đích); không ghi lịch sử chỉ tiêu cam kết "
        "(django-simple-history) cho dữ liệu giả lập. Cùng --seed cho cùng dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=1000, help=_("Số đơn vị (mặc định 1000)."))
        parser.add_argument("--indicators", type=int, default=30, help=_("Số chỉ tiêu của kế hoạch (mặc định 30)."))
        parser.add_argument("--periods", type=int, default=4,
                            help=_("Số kỳ báo cáo, 1–12 (mặc định 4: quý I, 6 tháng, 9 tháng, năm)."))
        parser.add_argument("--groups", type=int, default=None,
                            help=_("Số cụm, khối (mặc định số đơn vị / 16, làm tròn)."))
        parser.add_argument("--year", type=int, default=None,
                            help=_("Năm của kế hoạch (mặc định năm trước: mọi kỳ báo cáo đã kết thúc)."))
        parser.add_argument("--seed", type=int, default=1, help=_("Hạt giống ngẫu nhiên (mặc định 1)."))
        parser.add_argument("--replace", action="store_true",
                            help=_("Xóa kế hoạch của năm đó (cùng cụm, khối, giao ước, báo cáo) rồi tạo lại."))

    def handle(self, *args, **options):
        n, k, p = options["units"], options["indicators"], options["periods"]
        year = options["year"] or timezone.localdate().year - 1
        groups = options["groups"] if options["groups"] is not None else max(1, int(n / 16 + 0.5))
        if n < 2:
            raise CommandError(_("Cần ít nhất 2 đơn vị."))
        if k < 1:
            raise CommandError(_("Cần ít nhất 1 chỉ tiêu."))
        if not 1 <= p <= 12:
            raise CommandError(_("Số kỳ báo cáo phải từ 1 đến 12."))
        if not 1 <= groups <= n // 2:
            raise CommandError(_("Số cụm, khối phải từ 1 đến %(max)s (mỗi cụm, khối cần một trưởng và một phó).")
                               % {"max": n // 2})
        if not 2000 <= year <= 2100:
            raise CommandError(_("Năm phải từ 2000 đến 2100."))
        existing = Campaign.objects.filter(year=year).first()
        if existing and not options["replace"]:
            raise CommandError(
                _("Đã có kế hoạch thi đua năm %(year)s trong cơ sở dữ liệu này. Dùng --replace để xóa kế hoạch đó "
                  "(cùng cụm, khối, giao ước và báo cáo của năm) rồi tạo lại, hoặc chọn --year khác.")
                % {"year": year}
            )

        started = time.perf_counter()
        with transaction.atomic():
            if existing:
                purge_campaign(existing)
            city = Builder(random.Random(options["seed"]), year, n, k, p, groups).build()
        # Fresh planner statistics: after a bulk load the tables look empty to the planner until autovacuum
        # comes round, and it then picks nested loops over 100,000 rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self._report(city, year, options["seed"], elapsed, options["verbosity"])

    def _report(self, city: City, year: int, seed: int, elapsed: float, verbosity: int) -> None:
        out = self.stdout
        out.write(_("Dữ liệu quy mô năm %(year)s (seed %(seed)s, %(vendor)s): %(seconds).1f giây") % {
            "year": year, "seed": seed, "vendor": connection.vendor, "seconds": elapsed})
        width = max(len(label) for label in city.counts)
        for label, count in city.counts.items():
            out.write(f"  {label.ljust(width)}  {count:>9}")
        if verbosity >= 2:
            out.write("  " + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in city.phases.items()))


class Builder:
    """Builds the city in a fixed order of random draws, so the seed decides everything."""

    def __init__(self, rng: random.Random, year: int, n: int, k: int, p: int, groups: int):
        self.rng, self.year, self.n, self.k, self.p, self.g = rng, year, n, k, p, groups
        self.namer = vocab.Namer(rng)
        self.tz = timezone.get_current_timezone()
        self.city = City()
        self._clock = time.perf_counter()

    def _phase(self, name: str) -> None:
        now = time.perf_counter()
        self.city.phases[name] = now - self._clock
        self._clock = now

    def _count(self, label: str, number: int) -> None:
        self.city.counts[label] = self.city.counts.get(label, 0) + number

    def at(self, day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def build(self) -> City:
        with stored_timestamps(Unit._meta.get_field("created_at"), Unit._meta.get_field("updated_at")):
            self.units()
        self._phase("units")
        self.plan()
        self._phase("plan")
        self.groups()
        self._phase("groups")
        with stored_timestamps(Pledge._meta.get_field("created_at"), Target._meta.get_field("updated_at"),
                               Signature._meta.get_field("signed_at")):
            self.pledges()
        self._phase("pledges")
        with stored_timestamps(Report._meta.get_field("created_at"), Report._meta.get_field("updated_at"),
                               ReportEvent._meta.get_field("at")):
            self.reports()
        self._phase("reports")
        self.evaluation()
        self._phase("evaluation")
        self.awards()
        self._phase("awards")
        return self.city

    # -- units -------------------------------------------------------------------------------------------------

    def units(self) -> None:
        registered = self.at(datetime.date(self.year - 1, 12, 1))
        specs = []
        counts = vocab.allocate(self.n, [share for _kind, share in vocab.KIND_SHARES], minimum=1)
        for (kind, _share), count in zip(vocab.KIND_SHARES, counts, strict=True):
            for i in range(count):
                name, short_name = self.namer.unit(kind, i)
                specs.append(Unit(code=f"{vocab.KIND_CODE_PREFIX[kind]}{i + 1:04d}", name=name,
                                  short_name=short_name, kind=kind, created_at=registered, updated_at=registered))
        existing = dict(Unit.objects.filter(code__in=[u.code for u in specs]).values_list("code", "pk"))
        new = [u for u in specs if u.code not in existing]
        Unit.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.city.unit_ids = [existing.get(u.code) or u.pk for u in specs]
        self.city.unit_kinds = [u.kind for u in specs]
        self.city.new_units = len(new)
        self._count(_("đơn vị"), len(specs))
        self._count(_("đơn vị tạo mới"), len(new))

    # -- the plan ----------------------------------------------------------------------------------------------

    def plan(self) -> None:
        rng, year = self.rng, self.year
        campaign = Campaign.objects.create(
            year=year, title=f"Kế hoạch phát động phong trào thi đua năm {year}",
            theme=f"Năm đẩy mạnh cải cách hành chính, thúc đẩy tăng trưởng kinh tế năm {year}",
            document_number=f"{rng.randint(10, 199)}/KH-UBND", issue_place="Thành phố",
            issue_date=datetime.date(year, 2, 5), purpose=vocab.PURPOSE.format(year=year),
            pledge_deadline=datetime.date(year, 3, 31), registration_deadline=datetime.date(year, 3, 15),
            mid_year_review_date=datetime.date(year, 7, 15),
            year_end_review_date=datetime.date(year, 12, 20), status=Campaign.Status.ISSUED,
        )
        self.city.campaign = campaign
        CampaignStatusChange.objects.create(campaign=campaign, from_status=Campaign.Status.DRAFT,
                                            to_status=Campaign.Status.ISSUED)
        LegalBasis.objects.bulk_create(
            LegalBasis(campaign=campaign, position=i, text=text.format(year=year))
            for i, text in enumerate(vocab.LEGAL_BASES, start=1)
        )
        self.items = ContentItem.objects.bulk_create(
            ContentItem(campaign=campaign, position=i, title=title)
            for i, (title, _area) in enumerate(vocab.CONTENT_ITEMS, start=1)
        )
        by_area = {}
        for item, (_title, area) in zip(self.items, vocab.CONTENT_ITEMS, strict=True):
            by_area.setdefault(area, []).append(item)

        weights = [rng.choices([1, 2, 3], [70, 20, 10])[0] for _ in range(self.k)]
        if self.k >= 2 and max(weights) == 1:
            weights[1] = 2
        indicators = []
        for i in range(self.k):
            template = vocab.INDICATORS[i % len(vocab.INDICATORS)]
            round_ = i // len(vocab.INDICATORS)
            area_items = by_area[template.area]
            indicators.append(Indicator(
                campaign=campaign, position=i + 1, code=f"CT{i + 1:02d}",
                name=template.name + (f" (nhóm {round_ + 1})" if round_ else ""),
                measure_unit=template.measure_unit, city_value=template.city_value, direction=template.direction,
                area=template.area, weight=weights[i], allows_negative=template.allows_negative,
                content_item=area_items[i % len(area_items)],
            ))
        Indicator.objects.bulk_create(indicators)
        self.city.indicators = [(ind, vocab.INDICATORS[i % len(vocab.INDICATORS)]) for i, ind in enumerate(indicators)]

        if self.p == 4:
            periods = default_periods(year)
        else:
            periods = []
            for i in range(1, self.p + 1):
                month = round(12 * i / self.p)
                end = datetime.date(year, month, calendar.monthrange(year, month)[1])
                name = _("Năm") if month == 12 else _("%(months)s tháng") % {"months": month}
                periods.append({"name": name, "end_date": end, "deadline": end + datetime.timedelta(days=10)})
        self.city.periods = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(campaign=campaign, **period) for period in periods
        )
        self._count(_("chỉ tiêu"), self.k)
        self._count(_("kỳ báo cáo"), len(periods))

    # -- groups ------------------------------------------------------------------------------------------------

    def groups(self) -> None:
        rng, kinds = self.rng, self.city.unit_kinds
        territorial = [i for i, kind in enumerate(kinds) if kind in vocab.TERRITORIAL_KINDS]
        others = [i for i, kind in enumerate(kinds) if kind not in vocab.TERRITORIAL_KINDS]
        clusters = min(max(round(self.g * len(territorial) / self.n), 1), self.g - 1, len(territorial) // 2)
        blocs = self.g - clusters
        if self.g == 1 or blocs > len(others) // 2 or clusters < 1:
            # Too small a city to keep territorial units apart: one sequence, split as evenly as it goes.
            plan = [(territorial + others, self.g)]
        else:
            plan = [(territorial, clusters), (others, blocs)]

        chunks = []
        for units, count in plan:
            sizes = vocab.allocate(len(units), [rng.uniform(0.5, 1.5) for _ in range(count)], minimum=2)
            start = 0
            for size in sizes:
                chunks.append(units[start:start + size])
                start += size

        bases = []
        for chunk in chunks:
            dominant = max(set(kinds[i] for i in chunk), key=lambda kind: (sum(kinds[i] == kind for i in chunk), kind))
            bases.append((vocab.CLUSTER_NAMES.get(dominant) or vocab.BLOC_NAMES[dominant],
                          Group.Kind.CLUSTER if dominant in vocab.TERRITORIAL_KINDS else Group.Kind.BLOC))
        totals = {base: sum(b == base for b, _kind in bases) for base, _kind in bases}
        seen = {}
        groups = []
        for base, kind in bases:
            seen[base] = seen.get(base, 0) + 1
            name = f"{base} số {seen[base]}" if totals[base] > 1 else base
            groups.append(Group(campaign=self.city.campaign, kind=kind, name=name))
        Group.objects.bulk_create(groups)

        memberships = []
        self.leaders = []
        for group, chunk in zip(groups, chunks, strict=True):
            leader, deputy = rng.sample(chunk, 2)
            self.leaders.append((leader, deputy))
            for i in chunk:
                role = (Membership.Role.LEADER if i == leader else Membership.Role.DEPUTY if i == deputy
                        else Membership.Role.MEMBER)
                memberships.append(Membership(group_id=group.pk, campaign_id=self.city.campaign.pk,
                                              unit_id=self.city.unit_ids[i], role=role))
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        self.groups_ = groups
        self.city.group_ids = [g.pk for g in groups]
        self.city.members = chunks
        self._count(_("cụm, khối"), len(groups))
        self._count(_("thành viên"), len(memberships))

    # -- pledges -----------------------------------------------------------------------------------------------

    def target_value(self, template: vocab.IndicatorTemplate) -> Decimal | None:
        rng, city_value = self.rng, template.city_value
        if template.model == "done":
            return None
        value = float(city_value)
        if template.model == "amount":
            share = value / self.n * rng.lognormvariate(0, 0.5)
            return max(_decimal(share, template.decimals), Decimal(1).scaleb(-template.decimals))
        if template.model == "rate":
            if template.allows_negative:
                return _decimal(value + rng.gauss(0, 0.8), template.decimals)
            target = value * rng.uniform(0.95, 1.03)
            return _decimal(min(target, float(template.cap)) if template.cap else target, template.decimals)
        if template.model == "lower_rate":
            return _decimal(value * rng.uniform(0.6, 1.4), template.decimals)
        return _decimal(value * 4 / self.n * rng.lognormvariate(0, 0.7), 0)  # lower_count: often 0 or 1

    def pledges(self) -> None:
        rng, city, campaign = self.rng, self.city, self.city.campaign
        legal_bases = "\n".join(basis.format(year=self.year) for basis in vocab.LEGAL_BASES)
        pledges = []
        for group in self.groups_:
            opened = self.at(datetime.date(self.year, 3, rng.randint(1, 14)), rng.randint(8, 16))
            pledges.append(Pledge(
                campaign=campaign, group_id=group.pk, version=1, title=default_title(group),
                legal_bases=legal_bases, purpose=campaign.purpose, sign_place=campaign.issue_place,
                sign_date=campaign.pledge_deadline, status=Pledge.Status.SIGNED, revision=3,
                created_at=opened - datetime.timedelta(days=rng.randint(7, 20)), opened_at=opened,
                signed_at=opened + datetime.timedelta(days=rng.randint(2, 14), hours=rng.randint(0, 8)),
            ))
        Pledge.objects.bulk_create(pledges)
        self.pledges_ = pledges

        Commitment.objects.bulk_create(
            (Commitment(pledge_id=pledge.pk, position=item.position, text=item.title, content_item_id=item.pk)
             for pledge in pledges for item in self.items), batch_size=BATCH_SIZE,
        )
        lines = [
            PledgeLine.from_indicator(pledge, ind, ind.position)
            for pledge in pledges for ind, _template in city.indicators
        ]
        PledgeLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
        self.lines = [lines[g * self.k:(g + 1) * self.k] for g in range(len(pledges))]

        # Targets: per unit index, a list per indicator of (target, value); and each unit's done threshold.
        self.targets = {}
        self.done_draws = {}
        signatures = []
        batch = []
        for g, (pledge, chunk) in enumerate(zip(pledges, city.members, strict=True)):
            filled_at = pledge.opened_at - datetime.timedelta(days=1)
            for i in chunk:
                row = []
                for j, (_ind, template) in enumerate(city.indicators):
                    target = Target(pledge_id=pledge.pk, line_id=self.lines[g][j].pk, unit_id=city.unit_ids[i],
                                    status=Target.Status.SET, value=self.target_value(template), version=1,
                                    updated_at=filled_at)
                    row.append(target)
                    batch.append(target)
                self.targets[i] = row
                self.done_draws[i] = [rng.random() for _ in range(self.k)]
            # Members sign between the opening and the completion; the last one completes the pledge.
            span = (pledge.signed_at - pledge.opened_at).total_seconds()
            times = sorted(rng.uniform(0, span) for _ in chunk[:-1]) + [span]
            for i, seconds in zip(chunk, times, strict=True):
                signatures.append(Signature(
                    pledge_id=pledge.pk, unit_id=city.unit_ids[i], signer_name=self.namer.person(),
                    signer_position=vocab.SIGNER_POSITIONS[city.unit_kinds[i]],
                    signed_at=pledge.opened_at + datetime.timedelta(seconds=seconds),
                ))
            if len(batch) >= BATCH_SIZE:
                Target.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                batch = []
        Target.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        Signature.objects.bulk_create(signatures, batch_size=BATCH_SIZE)
        self._count(_("giao ước (đã ký kết)"), len(pledges))
        self._count(_("nội dung giao ước"), len(pledges) * len(self.items))
        self._count(_("chỉ tiêu giao ước"), len(lines))
        self._count(_("chỉ tiêu cam kết"), sum(len(row) for row in self.targets.values()))
        self._count(_("chữ ký"), len(signatures))

    # -- reports -----------------------------------------------------------------------------------------------

    def actual(self, template, target: Decimal, share: float, perf: float) -> Decimal:
        rng, t = self.rng, float(target)
        if template.model == "amount":
            value = max(t * share * perf * rng.gauss(1, 0.06), 0)
        elif template.model == "rate":
            if template.allows_negative:
                value = t * perf * rng.gauss(1, 0.05)
            else:
                value = max(t * (1 + (perf - 1) * 0.5) * rng.gauss(1, 0.02), 0)
                if template.cap:
                    value = min(value, float(template.cap))
        elif template.model == "lower_rate":
            value = max(t / perf * rng.gauss(1, 0.05), 0)
        elif t == 0:  # lower_count promised at zero: mostly kept
            value = 0 if rng.random() < 0.8 else rng.randint(1, 2)
        else:
            value = max(t / perf * rng.gauss(1, 0.15), 0)
        return _decimal(value, template.decimals)

    def report_times(self, period) -> list[tuple[str, str, datetime.datetime, str]]:
        """The events of one report (from, to, when, comment): draft → submitted, sometimes returned once and
        submitted again. Submitted after the period's end, a few after the deadline."""
        rng = self.rng
        allowed = (period.deadline - period.end_date).days
        late = rng.random() < LATE_SHARE
        day = period.end_date + datetime.timedelta(days=allowed + rng.randint(1, 12) if late else rng.randint(1, allowed))
        submitted = self.at(day, rng.randint(7, 17), rng.randint(0, 59))
        created = submitted - datetime.timedelta(hours=rng.randint(2, 72))
        draft, sub, ret = Report.Status.DRAFT, Report.Status.SUBMITTED, Report.Status.RETURNED
        events = [("", draft, created, ""), (draft, sub, submitted, "")]
        if rng.random() < RETURNED_SHARE:
            returned = submitted + datetime.timedelta(days=1, hours=rng.randint(0, 6))
            events += [(sub, ret, returned, rng.choice(vocab.RETURN_COMMENTS)),
                       (ret, sub, returned + datetime.timedelta(days=rng.randint(1, 3)), "")]
        return events

    def reports(self) -> None:
        rng, city = self.rng, self.city
        campaign_id = city.campaign.pk
        perf = {i: min(max(rng.gauss(1.0, 0.15), 0.45), 1.45) for chunk in city.members for i in chunk}
        indicators = [(ind.pk, template, template.direction, ind.weight) for ind, template in city.indicators]
        n_reports = n_values = n_events = 0
        for period in city.periods:
            share = float(rules.elapsed_share(period.end_date))
            reports, values, moves = [], [], []
            for g, chunk in enumerate(city.members):
                pledge, group_id = self.pledges_[g], city.group_ids[g]
                for i in chunk:
                    unit_perf = perf[i] * rng.gauss(1, 0.04)
                    row = []
                    for j, (_indicator_id, template, direction, _weight) in enumerate(indicators):
                        target = self.targets[i][j]
                        if direction == rules.DONE:
                            actual = None
                            done = self.done_draws[i][j] < share * (0.55 + 0.45 * unit_perf)
                        else:
                            actual, done = self.actual(template, target.value, share, unit_perf), None
                        value = rules.attainment(direction, target.value, actual, done)
                        note = (rng.choice(vocab.VALUE_NOTES) if value is not None and value < 80
                                and rng.random() < NOTE_SHARE else "")
                        row.append(ReportValue.snapshot(
                            target, self.lines[g][j], actual=actual, done=done, note=note, attainment=value))
                    events = self.report_times(period)
                    returned = len(events) > 2
                    average, uncapped = rules.weighted_averages((v.attainment, v.weight) for v in row)
                    reports.append(Report(
                        period_id=period.pk, unit_id=city.unit_ids[i], pledge_id=pledge.pk, group_id=group_id,
                        campaign_id=campaign_id, status=Report.Status.SUBMITTED,
                        attainment=average, attainment_uncapped=uncapped,
                        revision=5 if returned else 3, submitted_at=events[-1][2],
                        return_comment=events[2][3] if returned else "",
                        created_at=events[0][2], updated_at=events[-1][2],
                    ))
                    values.append(row)
                    moves.append(events)
            Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
            batch, event_rows = [], []
            for report, row, events in zip(reports, values, moves, strict=True):
                for value in row:
                    value.report_id = report.pk
                batch.extend(row)
                if len(batch) >= BATCH_SIZE:
                    ReportValue.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                    n_values += len(batch)
                    batch = []
                event_rows.extend(ReportEvent(report_id=report.pk, from_status=source, to_status=to, at=when,
                                              comment=comment) for source, to, when, comment in events)
            ReportValue.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            ReportEvent.objects.bulk_create(event_rows, batch_size=BATCH_SIZE)
            n_values += len(batch)
            n_reports += len(reports)
            n_events += len(event_rows)
            # Written in bulk, past the services that keep the city dashboard's totals: count them once.
            GroupIndicatorTotal.objects.refresh(period.pk, city.group_ids)
        self._count(_("báo cáo (đã nộp)"), n_reports)
        self._count(_("số liệu thực hiện"), n_values)
        self._count(_("lịch sử báo cáo"), n_events)

    # -- evaluation ----------------------------------------------------------------------------------------------

    #: The scale tables: three sections of four criteria (25 points each: 10, 5, 5, 5) and a fourth of one
    #: computed row (reporting discipline), a bonus and a penalty row.
    SCALE_SECTIONS = 3

    def evaluation(self) -> None:
        """A published table per group kind; every group's evaluation scored in both rounds (self and cross by
        round robin) and published, with totals, classes and ranks stored as ``publish_results`` stores them."""
        from evaluation import rounds
        from evaluation.models import Criterion, Evaluation, ScoreEntry, ScoreSheet, ScoringTable

        rng, campaign = self.rng, self.city.campaign
        published = self.at(datetime.date(self.year, 11, 5))
        tables, leaves = {}, {}
        for kind in (Group.Kind.BLOC, Group.Kind.CLUSTER):
            table = ScoringTable.objects.create(
                campaign=campaign, group_kind=kind, title=_("Bảng chấm điểm năm %(year)s") % {"year": self.year},
                total_max=Decimal(100), bonus_cap=Decimal(10))
            rows = []
            for s in range(1, self.SCALE_SECTIONS + 1):
                section = Criterion.objects.create(table=table, code=str(s), name=f"Nhóm tiêu chí {s}",
                                                   max_points=Decimal(30 if s < 3 else 35), position=s * 10)
                maxima = [10, 10, 5, 5] if s < 3 else [10, 10, 10, 5]
                rows += Criterion.objects.bulk_create(
                    Criterion(table=table, parent=section, code=f"{s}.{c}", name=f"Tiêu chí {s}.{c}",
                              max_points=Decimal(m), position=s * 10 + c) for c, m in enumerate(maxima, start=1))
            rows += Criterion.objects.bulk_create([
                Criterion(table=table, code="4", name="Chế độ thông tin, báo cáo", max_points=Decimal(5),
                          position=40, source=Criterion.Source.REPORTING, points_per_report=Decimal(1)),
                Criterion(table=table, code="C1", name="Điểm cộng", kind=Criterion.Kind.BONUS,
                          max_points=Decimal(10), position=50),
                Criterion(table=table, code="T1", name="Điểm trừ", kind=Criterion.Kind.PENALTY,
                          max_points=Decimal(10), position=51),
            ])
            ScoringTable.objects.filter(pk=table.pk).update(status=ScoringTable.Status.PUBLISHED, published_at=published)
            tables[kind], leaves[kind] = table, rows
        evaluations = Evaluation.objects.bulk_create(
            Evaluation(group=group, self_deadline=datetime.date(self.year, 12, 10),
                       cross_deadline=datetime.date(self.year, 12, 20), status=Evaluation.Status.OPEN)
            for group in self.groups_)
        sheets, entries = [], []
        self_at, cross_at = self.at(datetime.date(self.year, 12, 5)), self.at(datetime.date(self.year, 12, 15))
        for evaluation, group, chunk in zip(evaluations, self.groups_, self.city.members, strict=True):
            unit_ids = [self.city.unit_ids[i] for i in chunk]
            scorers = rounds.round_robin(unit_ids)
            for unit_id in unit_ids:
                sheets.append(ScoreSheet(
                    evaluation=evaluation, unit_id=unit_id, table=tables[group.kind], scorer_id=scorers[unit_id],
                    self_status=ScoreSheet.Round.SUBMITTED, self_submitted_at=self_at,
                    cross_status=ScoreSheet.Round.SUBMITTED, cross_submitted_at=cross_at))
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH_SIZE)
        for sheet in sheets:
            level = rng.uniform(0.6, 1.0)
            for row in leaves[sheet.table.group_kind]:
                share = min(1.0, max(0.0, rng.gauss(level, 0.08))) if row.kind != Criterion.Kind.PENALTY else 0.0
                points = _decimal(float(row.max_points) * share, 2)
                cross = points if rng.random() > 0.1 else _decimal(float(points) * rng.uniform(0.9, 1.0), 2)
                entries.append(ScoreEntry(sheet=sheet, code=row.code, self_points=points, cross_points=cross))
        ScoreEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        self.classes = {}  # unit id → final class, for the awards
        for evaluation in evaluations:
            results = rounds.results(evaluation)
            for result in results:
                sheet = result.sheet
                self.classes[sheet.unit_id] = result.classification.grade
                sheet.final_total, sheet.final_class = result.totals.total, result.classification.grade
                sheet.final_rank = result.rank
                held = result.classification.held_back_by
                sheet.held_back_by = held.code if held is not None else ""
            ScoreSheet.objects.bulk_update([r.sheet for r in results],
                                           ["final_total", "final_class", "final_rank", "held_back_by"])
        Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(
            status=Evaluation.Status.PUBLISHED, published_at=self.at(datetime.date(self.year, 12, 28)))
        self._count(_("phiếu chấm điểm"), len(sheets))
        self._count(_("điểm tiêu chí"), len(entries))

    # -- awards ------------------------------------------------------------------------------------------------

    REGISTRATION_DRAFT_SHARE = 0.04   # registrations still being written
    NO_QUORUM_SHARE = 0.05            # meetings short of the quorum (left as drafts)
    DRAFT_MEETING_SHARE = 0.05        # meetings with the quorum whose minutes are not finalised yet
    PROPOSED_SHARE = 0.4              # units proposed by city staff for the title their class allows
    DECIDED_SHARE = 0.6               # proposals the council has decided
    EARLIER_SHARE = 0.3               # units with a title of the year before in the register

    def awards(self) -> None:
        """Every unit's registration; each group's year-end meeting (most finalised by the rules of
        :mod:`awards.meetings`: the quorum, votes within the valid ballots, elected above half the members);
        the proposals the final minutes make and those city staff add, some decided; the register of the
        approved ones and of the year before (back-filled)."""
        from awards.meetings import FLAG_CLASS
        from awards.models import RegisteredPerson, RegisteredTitle, Registration, Title

        rng, city, campaign = self.rng, self.city, self.city.campaign
        titles = list(Title.objects.filter(campaign=campaign))
        by_code = {t.code: t for t in titles if t.code}
        individual = [t for t in titles if not t.is_collective]
        deadline = campaign.registration_deadline
        with stored_timestamps(Registration._meta.get_field("updated_at")):
            registrations, codes = [], {}
            for unit_id in city.unit_ids:
                grade = self.classes.get(unit_id, "")
                wanted = ["advanced"] if rng.random() < 0.7 else ["excellent"]
                if rng.random() < 0.25:
                    wanted.append("city_flag")
                if rng.random() < 0.3:
                    wanted.append("merit")
                codes[unit_id] = set(wanted) | ({"excellent"} if grade == FLAG_CLASS and rng.random() < 0.5 else set())
                day = deadline - datetime.timedelta(days=rng.randint(-5, 40))
                at = self.at(day, rng.randint(7, 17), rng.randint(0, 59))
                draft = rng.random() < self.REGISTRATION_DRAFT_SHARE
                registrations.append(Registration(
                    campaign=campaign, unit_id=unit_id, updated_at=at,
                    status=Registration.Status.DRAFT if draft else Registration.Status.SUBMITTED,
                    submitted_at=None if draft else at, first_submitted_at=None if draft else at))
            Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
        registered_titles, people = [], []
        for registration in registrations:
            unit_codes = codes[registration.unit_id]
            registered_titles += [RegisteredTitle(registration_id=registration.pk, title_id=by_code[code].pk)
                                  for code in sorted(unit_codes) if code in by_code]
            for row in range(1, rng.randint(1, 5) + 1):
                people.append(RegisteredPerson(registration_id=registration.pk, row=row,
                                               full_name=self.namer.person(), position=rng.choice(vocab.PERSON_POSITIONS),
                                               title_id=rng.choice(individual).pk))
        RegisteredTitle.objects.bulk_create(registered_titles, batch_size=BATCH_SIZE)
        RegisteredPerson.objects.bulk_create(people, batch_size=BATCH_SIZE)
        self._count(_("đăng ký thi đua"), len(registrations))
        self._count(_("danh hiệu tập thể đăng ký"), len(registered_titles))
        self._count(_("cá nhân đăng ký"), len(people))

        self.proposals(self.meetings(by_code, codes), by_code, codes)

    def meetings(self, by_code, codes):
        """One meeting per group with its attendance, ballots and candidates; returns the proposals of the final
        minutes (not saved yet: :meth:`proposals` writes them with the others)."""
        from awards.meetings import FLAG_CLASS
        from awards.models import Attendance, Ballot, Candidate, Meeting, Proposal
        from awards.proposals import share_limit

        rng, city, campaign = self.rng, self.city, self.city.campaign
        Question = Ballot.Question
        merit_share = by_code["merit"].max_share_of_members if "merit" in by_code else Decimal(30)
        # A few groups short of the quorum and a few drafts (at least one of each from three groups up), the
        # other minutes final.
        count = len(self.groups_)
        few = [max(1, round(share * count)) if count >= 3 else 0
               for share in (self.NO_QUORUM_SHARE, self.DRAFT_MEETING_SHARE)]
        picked = rng.sample(range(count), few[0] + few[1])
        short_groups, draft_groups = set(picked[:few[0]]), set(picked[few[0]:])
        meetings, present_of = [], []
        with stored_timestamps(Meeting._meta.get_field("updated_at")):
            for g, (group, chunk) in enumerate(zip(self.groups_, city.members, strict=True)):
                members = len(chunk)
                needed = -(-members * 2 // 3)  # the default quorum, 2/3
                short = g in short_groups
                present = rng.randint(max(needed - 3, 0), needed - 1) if short else rng.randint(needed, members)
                final = not short and g not in draft_groups
                held = self.at(datetime.date(self.year, 12, rng.randint(21, 30)), rng.randint(8, 14))
                leader_unit = city.unit_ids[self.leaders[g][0]]
                meetings.append(Meeting(
                    group_id=group.pk, held_at=held, place=f"Hội trường {group.name}",
                    chair_name=self.namer.person(), chair_position=vocab.CHAIR_POSITION,
                    secretary_name=self.namer.person(), secretary_position=vocab.SECRETARY_POSITION,
                    agenda=vocab.MEETING_AGENDA.format(year=self.year),
                    rotating_flag_to_id=leader_unit if final else None,
                    status=Meeting.Status.FINAL if final else Meeting.Status.DRAFT,
                    updated_at=held + datetime.timedelta(hours=3),
                    finalised_at=held + datetime.timedelta(hours=3) if final else None))
                present_of.append(set(rng.sample(chunk, present)))
            Meeting.objects.bulk_create(meetings)
        attendances = [
            Attendance(meeting_id=meeting.pk, unit_id=city.unit_ids[i], present=i in present,
                       representative_name=self.namer.person() if i in present else "",
                       representative_position=vocab.SIGNER_POSITIONS[city.unit_kinds[i]] if i in present else "")
            for meeting, chunk, present in zip(meetings, city.members, present_of, strict=True) for i in chunk]
        Attendance.objects.bulk_create(attendances, batch_size=BATCH_SIZE)

        ballots, drawn, proposals = [], [], []
        for g, (meeting, chunk, present) in enumerate(zip(meetings, city.members, present_of, strict=True)):
            if len(present) * 3 < len(chunk) * 2:
                continue  # no quorum, no vote
            members = len(chunk)
            leader, deputy = self.leaders[g]
            unit_ids = [city.unit_ids[i] for i in chunk]
            flag = [u for u in unit_ids if self.classes.get(u) == FLAG_CLASS]
            merit = [u for u in unit_ids if self.classes.get(u) in ("htxs", "htt")]
            seats = max(1, share_limit(merit_share, members))
            issued = len(present)
            returned = issued - (rng.random() < 0.2)
            valid = returned - (rng.random() < 0.2)
            next_leader = rng.choice([leader, deputy])
            questions = [
                (Question.CITY_FLAG, 1, rng.sample(flag, min(len(flag), 2))),
                (Question.MERIT, seats, rng.sample(merit, min(len(merit), seats + 1))),
                (Question.LEADER, 1, [city.unit_ids[next_leader]]),
                (Question.DEPUTY, 1, [city.unit_ids[leader if next_leader == deputy else deputy]]),
            ]
            for question, ballot_seats, units in questions:
                ballot = Ballot(meeting_id=meeting.pk, question=question, seats=ballot_seats, issued=issued,
                                returned=returned, valid=valid)
                ballots.append(ballot)
                # The first ``seats`` are elected (above half the members, within the valid ballots) when the
                # ballots allow it; the one after stays at or under half, so there is no tie at the cut.
                can_win = valid * 2 > members
                votes = [rng.randint(members // 2 + 1, valid) if can_win and k < ballot_seats
                         else rng.randint(0, min(members // 2, valid)) for k in range(len(units))]
                spare = valid * ballot_seats - sum(votes[:ballot_seats])
                votes[ballot_seats:] = [min(v, spare) for v in votes[ballot_seats:]]
                code = {Question.CITY_FLAG: "city_flag", Question.MERIT: "merit"}.get(question)
                for unit_id, v in zip(units, votes, strict=True):
                    elected = meeting.is_final and v * 2 > members
                    reason = ("" if code is None or code in codes[unit_id]
                              else rng.choice(vocab.UNREGISTERED_REASONS))
                    drawn.append((ballot, Candidate(unit_id=unit_id, votes=v, elected=elected, reason=reason)))
                    if elected and code in by_code:
                        proposals.append(Proposal(
                            campaign=campaign, title=by_code[code], unit_id=unit_id, group_id=meeting.group_id,
                            meeting_id=meeting.pk, votes=v, valid_ballots=valid, reason=reason,
                            created_at=meeting.finalised_at))
        Ballot.objects.bulk_create(ballots, batch_size=BATCH_SIZE)
        for ballot, candidate in drawn:
            candidate.ballot_id = ballot.pk
        Candidate.objects.bulk_create([c for _b, c in drawn], batch_size=BATCH_SIZE)
        self._count(_("hội nghị tổng kết"), len(meetings))
        self._count(_("hội nghị đã chốt biên bản"), sum(m.is_final for m in meetings))
        self._count(_("đơn vị dự hội nghị"), len(attendances))
        self._count(_("cuộc bỏ phiếu"), len(ballots))
        self._count(_("đơn vị được bầu chọn"), len(drawn))
        return proposals

    def proposals(self, proposals, by_code, codes) -> None:
        """The final minutes' proposals, and those city staff add for the title a unit's class allows; some
        decided, the approved ones in the register; the year before back-filled for a share of units."""
        from awards.meetings import FLAG_CLASS
        from awards.models import AwardRecord, Proposal

        rng, city, campaign = self.rng, self.city, self.city.campaign
        group_of = {city.unit_ids[i]: self.groups_[g].pk for g, chunk in enumerate(city.members) for i in chunk}
        proposed_at = self.at(datetime.date(self.year + 1, 1, 5))
        taken = {(p.title.code, p.unit_id) for p in proposals}
        for unit_id in city.unit_ids:
            grade = self.classes.get(unit_id)
            code = "excellent" if grade == FLAG_CLASS else "advanced" if grade == "htt" else None
            if code is None or code not in by_code or (code, unit_id) in taken or rng.random() >= self.PROPOSED_SHARE:
                continue
            reason = "" if code in codes[unit_id] else rng.choice(vocab.UNREGISTERED_REASONS)
            proposals.append(Proposal(campaign=campaign, title=by_code[code], unit_id=unit_id,
                                      group_id=group_of[unit_id], reason=reason, created_at=proposed_at))
        decided_at = self.at(datetime.date(self.year + 1, 1, 20))
        number = f"{rng.randint(100, 999)}/QĐ-UBND"
        for proposal in proposals:
            if rng.random() >= self.DECIDED_SHARE:
                continue
            approved = rng.random() < 0.85
            proposal.decision = Proposal.Decision.APPROVED if approved else Proposal.Decision.REJECTED
            proposal.decision_number = number if approved else ""
            proposal.decision_date, proposal.decided_at = decided_at.date(), decided_at
        with stored_timestamps(Proposal._meta.get_field("created_at")):
            Proposal.objects.bulk_create(proposals, batch_size=BATCH_SIZE)
        records = [AwardRecord(unit_id=p.unit_id, year=self.year, title_name=p.title.name, title_code=p.title.code,
                               decision_number=p.decision_number, decision_date=p.decision_date, proposal_id=p.pk,
                               created_at=decided_at)
                   for p in proposals if p.decision == Proposal.Decision.APPROVED]
        earlier = datetime.date(self.year, 1, 18)
        earlier_at = self.at(datetime.date(self.year, 2, 1))
        for unit_id in city.unit_ids:
            if rng.random() >= self.EARLIER_SHARE:
                continue
            code = rng.choices(["advanced", "excellent", "city_flag", "merit"], [60, 25, 8, 7])[0]
            if code in by_code:
                records.append(AwardRecord(unit_id=unit_id, year=self.year - 1, title_name=by_code[code].name,
                                           title_code=code, decision_number=f"{rng.randint(100, 999)}/QĐ-UBND",
                                           decision_date=earlier, created_at=earlier_at,
                                           note=vocab.BACKFILL_NOTE))
        with stored_timestamps(AwardRecord._meta.get_field("created_at")):
            # A year before already generated in this database has its own records of that year: kept.
            AwardRecord.objects.bulk_create(records, batch_size=BATCH_SIZE, ignore_conflicts=True)
        self._count(_("đề nghị khen thưởng"), len(proposals))
        self._count(_("đề nghị đã xét"), sum(p.decision != Proposal.Decision.PENDING for p in proposals))
        self._count(_("sổ khen thưởng"), len(records))
