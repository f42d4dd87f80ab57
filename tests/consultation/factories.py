"""Factories for the consultation models (提议—商议—践议—议评, notices)."""
import datetime

import factory
from django.utils import timezone
from wagtail.models import Site

from consultation.models import (
    AgendaItem, Notice, Objection, Participant, PartnerUnit, ProgressUpdate, Proposal, Rating, Session, Task,
)
from consultation.models.proposals import Category, State
from consultation.privacy import phone_fingerprint


def default_site():
    return Site.objects.get(is_default_site=True)


def today():
    return timezone.localdate()


def days_from_today(days):
    return today() + datetime.timedelta(days=days)


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


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal of the default community; it gets its tracking number (YS-2026-0001) on save."""

    class Meta:
        model = Proposal

    site = factory.LazyFunction(default_site)
    title = factory.Sequence(lambda n: f"3号楼加装电梯第{n}号议题")
    description = "老人上下楼不方便，希望加装电梯。"
    category = Category.ELDERLY
    estate = "花石小区"
    building = "3号楼"
    proposer_name = "张晓明"
    proposer_phone = "13800138000"
    state = State.SUBMITTED


def add_participants(session, present=0, absent=0, representatives=0, absent_representatives=0,
                     observers=0, supervisors=0):
    """Voting members present/absent (委员, 居民代表) and non-voters (列席, 居监会) of a session."""
    rows = (
        [(Participant.Role.MEMBER, True, "")] * present
        + [(Participant.Role.MEMBER, False, "")] * absent
        + [(Participant.Role.REPRESENTATIVE, True, "")] * representatives
        + [(Participant.Role.REPRESENTATIVE, False, "")] * absent_representatives
        + [(Participant.Role.OBSERVER, True, "花石物业")] * observers
        + [(Participant.Role.SUPERVISOR, True, "")] * supervisors
    )
    start = session.participants.count()
    created = []
    for offset, (role, is_present, organisation) in enumerate(rows):
        created.append(
            Participant.objects.create(
                session=session, name=f"参会人{start + offset + 1}", role=role, present=is_present,
                organisation=organisation, sort_order=start + offset,
            )
        )
    return created


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned 议事日. Participants: SessionFactory(participants__present=7, participants__absent=2,
    participants__observers=2, participants__supervisors=1)."""

    class Meta:
        model = Session

    site = factory.LazyFunction(default_site)
    date = factory.LazyFunction(lambda: days_from_today(7))
    venue = "花石社区党群服务中心二楼会议室"
    host = "李建国"
    recorder = "王芳"
    status = Session.Status.PLANNED

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
    phone_fingerprint = factory.LazyAttribute(lambda o: phone_fingerprint(o.phone))


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
    class Meta:
        model = Objection

    notice = factory.SubFactory(NoticeFactory, published=True)
    kind = Objection.Kind.OBJECTION
    name = "陈小红"
    phone = "13900139000"
    content = "电梯位置挡住了一楼的采光。"
