"""The registration workflow: saving (compare-and-set on ``version``), submitting, reopening; and the titles list.

Every change locks nothing but the registration row it updates: the ``UPDATE … WHERE version = n`` is the lock.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DEFAULT_TITLES, RegisteredPerson, RegisteredTitle, Registration, Title


class Conflict(Exception):
    """Someone saved the registration since the form was opened; ``current`` is what they saved."""

    def __init__(self, current: Registration):
        super().__init__("registration changed")
        self.current = current


# --- titles -------------------------------------------------------------------------------------------------


def seed_default_titles(campaign) -> None:
    """The usual titles, for a plan that has none (one query when it has some)."""
    if Title.objects.filter(campaign=campaign).exists():
        return
    Title.objects.bulk_create(
        [Title(campaign=campaign, position=i, **{**fields, "name": str(fields["name"])})
         for i, fields in enumerate(DEFAULT_TITLES, start=1)],
        ignore_conflicts=True,
    )


def seed_titles_on_create(sender, instance, created, raw=False, **kwargs):
    """post_save of a plan: a new plan starts with the usual titles (not when loading fixtures)."""
    if created and not raw:
        seed_default_titles(instance)


def add_title(campaign, name: str, scope: str) -> Title:
    name = " ".join(name.split())
    if Title.objects.filter(campaign=campaign, name__iexact=name).exists():
        raise ValidationError(_("Kế hoạch đã có danh hiệu “%(name)s”.") % {"name": name})
    last = Title.objects.filter(campaign=campaign, scope=scope).aggregate(m=Max("position"))["m"] or 0
    return Title.objects.create(campaign=campaign, name=name, scope=scope, position=last + 1)


def rename_title(title: Title, name: str) -> Title:
    name = " ".join(name.split())
    if Title.objects.filter(campaign_id=title.campaign_id, name__iexact=name).exclude(pk=title.pk).exists():
        raise ValidationError(_("Kế hoạch đã có danh hiệu “%(name)s”.") % {"name": name})
    title.name = name
    title.save(update_fields=["name"])
    return title


@transaction.atomic
def move_title(title: Title, direction: str) -> None:
    """Swap the title with its neighbour of the same scope (up or down); the first stays first."""
    siblings = list(Title.objects.select_for_update().filter(campaign_id=title.campaign_id, scope=title.scope)
                    .order_by("position", "pk"))
    index = next(i for i, t in enumerate(siblings) if t.pk == title.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Title.objects.bulk_update(siblings, ["position"])


def delete_title(title: Title) -> None:
    """Remove a title no unit and no person registered for; a used one is refused (and protected in the DB)."""
    if title.is_used():
        raise ValidationError(_("Danh hiệu “%(name)s” đã có đơn vị hoặc cá nhân đăng ký, không xóa được.")
                              % {"name": title.name})
    title.delete()


# --- registrations ------------------------------------------------------------------------------------------


@dataclass
class PersonRow:
    full_name: str
    position: str
    title_id: int


def why_unchangeable(campaign, registration: Registration | None) -> str | None:
    """Why the unit may not change its registration now, or None: the plan must be issued (not closed), the
    registration not submitted."""
    if not campaign.is_issued:
        return _("Kế hoạch không ở trạng thái đang phát động, không thể thay đổi đăng ký thi đua.")
    if registration is not None and registration.is_submitted:
        return _("Bản đăng ký đã nộp. Cần Ban Thi đua – Khen thưởng mở lại để sửa.")
    return None


def _check(campaign, registration, title_ids, people):
    reason = why_unchangeable(campaign, registration)
    if reason:
        raise ValidationError(reason)
    titles = {t.pk: t for t in Title.objects.filter(campaign=campaign)}
    for title_id in title_ids:
        if title_id not in titles or not titles[title_id].is_collective:
            raise ValidationError(_("Danh hiệu tập thể không thuộc kế hoạch này."))
    for person in people:
        title = titles.get(person.title_id)
        if title is None or title.is_collective:
            raise ValidationError(_("Danh hiệu cá nhân không thuộc kế hoạch này."))
        if not person.full_name.strip():
            raise ValidationError(_("Cần nhập họ và tên."))


@transaction.atomic
def save_registration(campaign, unit, user, *, version: int, title_ids, people: list[PersonRow]) -> Registration:
    """Replace the unit's collective titles and people list, if nobody saved since ``version`` (0: no
    registration yet). Raises :class:`Conflict` with what the other person saved, or ValidationError."""
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    _check(campaign, registration, title_ids, people)
    if registration is None:
        if version != 0:
            raise Conflict(None)
        try:
            with transaction.atomic():
                registration = Registration.objects.create(campaign=campaign, unit=unit, updated_by=user)
        except IntegrityError:  # another officer's first save came in between (the unique constraint says so)
            raise Conflict(Registration.objects.get(campaign=campaign, unit=unit)) from None
    else:
        updated = Registration.objects.filter(pk=registration.pk, version=version, status=Registration.Status.DRAFT
                                              ).update(version=F("version") + 1, updated_by=user,
                                                       updated_at=timezone.now())
        if not updated:
            registration.refresh_from_db()
            raise Conflict(registration)
        registration.refresh_from_db()
    RegisteredTitle.objects.filter(registration=registration).delete()
    RegisteredTitle.objects.bulk_create(
        RegisteredTitle(registration=registration, title_id=title_id) for title_id in sorted(set(title_ids)))
    registration.people.all().delete()
    RegisteredPerson.objects.bulk_create(
        RegisteredPerson(registration=registration, row=row, full_name=" ".join(p.full_name.split()),
                         position=" ".join(p.position.split()), title_id=p.title_id)
        for row, p in enumerate(people, start=1))
    return registration


def replace_people(campaign, unit, user, *, version: int, people: list[PersonRow]) -> Registration:
    """The Excel import: the file's rows become the people list; the collective titles stay as saved."""
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    title_ids = list(registration.registered_titles.values_list("title_id", flat=True)) if registration else []
    return save_registration(campaign, unit, user, version=version, title_ids=title_ids, people=people)


@transaction.atomic
def submit(registration: Registration, user, *, version: int) -> Registration:
    """Send the registration to the board. Accepted after the deadline too, then marked late (the first
    submission decides)."""
    reason = why_unchangeable(registration.campaign, registration)
    if reason:
        raise ValidationError(reason)
    if not registration.registered_titles.exists() and not registration.people.exists():
        raise ValidationError(_("Chưa đăng ký danh hiệu tập thể hay cá nhân nào: hãy chọn danh hiệu rồi lưu "
                                "trước khi nộp."))
    now = timezone.now()
    updated = Registration.objects.filter(pk=registration.pk, version=version, status=Registration.Status.DRAFT
                                          ).update(status=Registration.Status.SUBMITTED, submitted_at=now,
                                                   submitted_by=user, version=F("version") + 1,
                                                   first_submitted_at=registration.first_submitted_at or now)
    registration.refresh_from_db()
    if not updated:
        raise Conflict(registration)
    return registration


@transaction.atomic
def reopen(registration: Registration, user, reason: str) -> Registration:
    """City staff send a submitted registration back to draft; who, when and why are kept on it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Cần nhập lý do mở lại."))
    if not registration.campaign.is_issued:
        raise ValidationError(_("Kế hoạch không ở trạng thái đang phát động, không thể mở lại đăng ký."))
    updated = Registration.objects.filter(pk=registration.pk, status=Registration.Status.SUBMITTED).update(
        status=Registration.Status.DRAFT, reopened_at=timezone.now(), reopened_by=user, reopen_reason=reason,
        version=F("version") + 1)
    registration.refresh_from_db()
    if not updated:
        raise ValidationError(_("Bản đăng ký chưa nộp, không cần mở lại."))
    return registration
