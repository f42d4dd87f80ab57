"""Factories for the consultation models (提议—商议—践议—议评, notices), registered as fixtures in
tests/consultation/conftest.py, and the bulk helpers that make hundreds of rows with bulk_create.

Every suite builds its records with these: the domain tests, the public pages and the admin screens
(tests/consultation/conftest.py, web/conftest.py) and the PDFs (pdf/conftest.py).
"""

import datetime
import zoneinfo

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection, Site

from consultation.models import (
    AgendaItem,
    Notice,
    Objection,
    Participant,
    PartnerUnit,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    ProposalPhoto,
    Rating,
    Session,
    Task,
)
from consultation.models.proposals import Category, State
from core import phones
from core.verification import VerifiedPhone

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# The resident whose proposals, and the one whose objection, the privacy tests look for.
PROPOSER_NAME = "张晓明"
PROPOSER_MASKED = "张*明"
PROPOSER_PHONE = "13812345678"
OBJECTOR_NAME = "欧阳春华"
OBJECTOR_MASKED = "欧**华"
OBJECTOR_PHONE = "13987654321"


def default_site():
    return Site.objects.get(is_default_site=True)


def today():
    return timezone.localdate()


def days_from_today(days):
    return today() + datetime.timedelta(days=days)


def at(year, month, day, hour=10, minute=0):
    """An aware datetime in Shanghai local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class PartnerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"共建单位{n}")
    kind = PartnerUnit.Kind.PARTNER
    contact_person = factory.Sequence(lambda n: f"联系人{n}")
    contact_phone = "0571-88886666"
    resources = "场地\n志愿者"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


EVENT_FIELDS = ("action", "from_state", "to_state", "reason", "created_at")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal of the default community; it gets its tracking number (YS-2026-0001) on save.

    Its public history: ProposalFactory(events=[("submit", "", State.SUBMITTED),
    ("accept", State.SUBMITTED, State.ACCEPTED, "", at(2026, 3, 9))]) — (action, from, to[, reason[, when]]),
    each event at the proposal's submission time unless `when` is given."""

    class Meta:
        model = Proposal

    site = factory.LazyFunction(default_site)
    title = factory.Sequence(lambda n: f"3号楼加装电梯第{n}号议题")
    description = "老人上下楼不方便，希望加装电梯。"
    category = Category.ELDERLY
    estate = "花石小区"
    building = "3号楼"
    proposer_name = PROPOSER_NAME
    proposer_phone = "13800138000"
    state = State.SUBMITTED

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create and extracted:
            for event in extracted:
                ProposalEventFactory(proposal=self, **dict(zip(EVENT_FIELDS, event, strict=False)))


class ResidentProposalFactory(ProposalFactory):
    """A proposal as the public pages and the admin screens show it: 3号楼加装电梯 by 张晓明
    (13812345678), submitted on 5 March 2026 and accepted, unless told otherwise."""

    title = "3号楼加装电梯"
    description = "3号楼住着很多老人，上下楼很不方便，希望加装电梯。"
    proposer_phone = PROPOSER_PHONE
    state = State.ACCEPTED
    submitted_at = factory.LazyFunction(lambda: at(2026, 3, 5))


class ProposalEventFactory(factory.django.DjangoModelFactory):
    """One step of a proposal's history, by default at the time the proposal was submitted."""

    class Meta:
        model = ProposalEvent

    proposal = factory.SubFactory(ProposalFactory)
    action = "submit"
    from_state = ""
    to_state = State.SUBMITTED
    reason = ""
    created_at = factory.LazyAttribute(lambda event: event.proposal.submitted_at)


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection, where images uploaded without a collection go (photos, the seal)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)


class ProposalPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalPhoto

    proposal = factory.SubFactory(ProposalFactory)
    image = factory.SubFactory(ImageFactory)


def add_participants(
    session, present=0, absent=0, representatives=0, absent_representatives=0, observers=0, supervisors=0
):
    """Voting members present/absent (委员, 居民代表) and non-voters (列席 from 花石物业, 居监会) of a
    session, numbered on from those it has: 参会人1, 参会人2, …"""
    rows = (
        [(Participant.Role.MEMBER, True, "")] * present
        + [(Participant.Role.MEMBER, False, "")] * absent
        + [(Participant.Role.REPRESENTATIVE, True, "")] * representatives
        + [(Participant.Role.REPRESENTATIVE, False, "")] * absent_representatives
        + [(Participant.Role.OBSERVER, True, "花石物业")] * observers
        + [(Participant.Role.SUPERVISOR, True, "")] * supervisors
    )
    start = session.participants.count()
    return [
        ParticipantFactory(
            session=session,
            name=f"参会人{start + offset + 1}",
            role=role,
            present=is_present,
            organisation=organisation,
            sort_order=start + offset,
        )
        for offset, (role, is_present, organisation) in enumerate(rows)
    ]


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned 议事日 a week from today.

    Participants by number (add_participants): SessionFactory(participants__present=7,
    participants__absent=2, participants__observers=2, participants__supervisors=1); or by name:
    SessionFactory(people=[("张晓明", Participant.Role.MEMBER, True, ""), …]) — (name, role, present,
    organisation), in that order."""

    class Meta:
        model = Session

    site = factory.LazyFunction(default_site)
    date = factory.LazyFunction(lambda: days_from_today(7))
    venue = "花石社区党群服务中心二楼会议室"
    host = "李建国"
    recorder = "王芳"
    status = Session.Status.PLANNED

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            start = self.participants.count()
            for offset, (name, role, present, organisation) in enumerate(extracted):
                ParticipantFactory(
                    session=self,
                    name=name,
                    role=role,
                    present=present,
                    organisation=organisation,
                    sort_order=start + offset,
                )

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if not create:
            return
        spec = dict(extracted or {})
        spec.update(kwargs)
        if spec:
            add_participants(self, **spec)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    role = Participant.Role.MEMBER
    present = True
    organisation = ""
    sort_order = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    proposal = factory.SubFactory(ProposalFactory, state=State.DELIBERATING)
    sort_order = factory.Sequence(lambda n: n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    proposal = factory.SubFactory(ProposalFactory, state=State.IMPLEMENTING)
    unit = factory.SubFactory(PartnerUnitFactory)
    description = factory.Sequence(lambda n: f"践议任务{n}：安装电梯井道")
    person = "赵工"
    deadline = factory.LazyFunction(lambda: days_from_today(30))
    progress = 0

    class Params:
        done = factory.Trait(progress=100)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    task = factory.SubFactory(TaskFactory)
    date = factory.LazyFunction(today)
    percent = 50
    text = "已完成一半。"


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    class Params:
        phone = factory.Sequence(lambda n: f"139{n:08d}")

    proposal = factory.SubFactory(ProposalFactory, state=State.EVALUATING)
    score = Rating.Score.SATISFIED
    phone_fingerprint = factory.LazyAttribute(lambda o: phones.fingerprint(phones.normalise(o.phone) or o.phone))
    verified_at = factory.LazyFunction(timezone.now)


class NoticeFactory(factory.django.DjangoModelFactory):
    """An unpublished notice shown from today for 7 days; NoticeFactory(published=True) is published."""

    class Meta:
        model = Notice

    site = factory.LazyFunction(default_site)
    kind = Notice.Kind.RESOLUTION
    title = factory.Sequence(lambda n: f"关于第{n}号议题的公示")
    body = "现予公示。"
    starts_on = factory.LazyFunction(today)
    ends_on = factory.LazyFunction(lambda: days_from_today(6))
    published_at = None

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))


class ObjectionFactory(factory.django.DjangoModelFactory):
    """An objection (异议) to a published notice; kind=Objection.Kind.COMMENT is a comment (意见)."""

    class Meta:
        model = Objection

    notice = factory.SubFactory(NoticeFactory, published=True)
    kind = Objection.Kind.OBJECTION
    name = "陈小红"
    phone = "13900139000"
    content = "电梯位置挡住了一楼的采光。"


# -- a lot of data, cheaply: instances built by the factories, saved with bulk_create -----------------


def bulk_proposals(site, count, *, year=2025, start=1, state=State.ACCEPTED, prefix="YS"):
    """`count` proposals of `year` by 张晓明 with tracking numbers set by hand (bulk_create skips
    Proposal.save); `state=None` cycles through the public states."""
    states = [State.ACCEPTED, State.REJECTED, State.DELIBERATING, State.IMPLEMENTING, State.EVALUATING, State.CLOSED]
    categories = list(Category.values)
    base = at(year, 1, 1)
    Proposal.objects.bulk_create(
        [
            ResidentProposalFactory.build(
                site=site,
                year=year,
                sequence=n,
                tracking_number=f"{prefix}-{year}-{n:04d}",
                title=f"批量议题{n}",
                description="批量生成的议题说明文字。",
                category=categories[n % len(categories)],
                building=f"{n % 20 + 1}号楼",
                state=state or states[n % len(states)],
                submitted_at=base + datetime.timedelta(hours=n),
            )
            for n in range(start, start + count)
        ]
    )
    return list(Proposal.objects.filter(site=site, year=year, sequence__gte=start, sequence__lt=start + count))


def bulk_sessions(site, count, proposals, *, first=datetime.date(2015, 1, 5)):
    """`count` past sessions a week apart, each with 5 members (4 present) and a voted agenda item."""
    Session.objects.bulk_create(
        [
            SessionFactory.build(
                site=site, date=first + datetime.timedelta(days=7 * n), venue=f"会议室{n}", status=Session.Status.HELD
            )
            for n in range(count)
        ]
    )
    sessions = list(Session.objects.filter(site=site, venue__startswith="会议室").order_by("date"))
    Participant.objects.bulk_create(
        [
            ParticipantFactory.build(session=s, name=f"代表{i}", present=i < 4, sort_order=i)
            for s in sessions
            for i in range(5)
        ]
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItemFactory.build(
                session=s,
                proposal=proposals[n % len(proposals)],
                sort_order=0,
                votes_expected=5,
                votes_present=4,
                votes_for=3,
                votes_against=1,
                votes_abstain=0,
                outcome=AgendaItem.Outcome.RESOLVED,
            )
            for n, s in enumerate(sessions)
        ]
    )
    return sessions


def bulk_notices(site, count, *, on_display=0):
    """`count` archived published notices and `on_display` notices now on display."""
    Notice.objects.bulk_create(
        [
            NoticeFactory.build(
                site=site,
                kind=Notice.Kind.RESULT,
                title=f"往期公示{n}",
                body="正文。",
                starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                ends_on=datetime.date(2020, 1, 7) + datetime.timedelta(days=n),
                published_at=at(2020, 1, 1),
            )
            for n in range(count)
        ]
        + [
            NoticeFactory.build(
                site=site,
                title=f"公示中{n}",
                body="正文。",
                starts_on=days_from_today(-1),
                ends_on=days_from_today(6),
                published=True,
            )
            for n in range(on_display)
        ]
    )


def verified(number="13812345678"):
    """A number as the verification page hands it to the domain actions (core/verification.py)."""
    return VerifiedPhone(phones.parse_mobile(number).number, timezone.now())
