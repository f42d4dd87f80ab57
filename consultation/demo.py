"""A year of consultation for the demo community, replayed through the real workflow.

Every proposal's history in demo_data/consultation.json is carried out with the same functions
the admin uses (workflow.perform, deliberation.record_vote, implementation.assign_task,
implementation.post_progress, evaluation.rate), with the clock
set to each step's date, so the demo's records are exactly what the product would have produced.

The year ends on the day the demo is loaded (`today`): its twelve 议事日 are the first working
days of the twelve months before the next one, which is still ahead with its agenda. The data
file holds no calendar dates, only expressions that `dated` turns into dates for that day:

- ``s4``, ``s4+3``, ``s4-5``: session s4's date, three days after it, five days before it
  (s0 is the oldest of the twelve held sessions, s11 the latest, s12 the next one);
- ``today``, ``today+7``, ``today-4``: relative to the day the demo is loaded — what is current
  when the site comes up: evaluations still open, notices on display, tasks due;
- ``+14``: days after the date this one depends on (a task's deadline after its assignment, an
  evaluation's end after its opening, a notice's last day after its first, an objection after
  the notice's first day).

What has happened is never after `today`, and a proposal's steps keep their order: each step is
dated no earlier than the one before it, and no later than today.
"""

import contextlib
import copy
import datetime
import json
import logging
import random
import re
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultation import deliberation, evaluation, implementation, records, workflow
from consultation.models import (
    Notice,
    Objection,
    Participant,
    PartnerUnit,
    Proposal,
    ProposalEvent,
    Rating,
    RecordVersion,
    Session,
    Task,
)
from consultation.numbering import next_document_number
from consultation.pdf.render import RenderError
from core.formatting import cn_date, cn_number
from core.models import CommunitySettings
from core.verification import VerifiedPhone
from core.workdays import first_working_day

logger = logging.getLogger(__name__)
DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "consultation.json"
STEP_TIME = datetime.time(10, 0)
PUBLICATION_TIME = datetime.time(9, 0)
OBJECTION_TIME = datetime.time(15, 0)
SECRETARY = "mishu"
HELD_SESSIONS = 12
EXPRESSION = re.compile(r"(?:(?P<anchor>s\d+|today))?(?P<days>[+-]\d+)?")
WINDOW_IN_BODY = re.compile(r"公示期为\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日")
DATE_OPENING_BODY = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日，")


def load_data():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


# -- the demo's calendar ---------------------------------------------------------------------


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def session_dates(today):
    """The demo's 议事日 for `today`: the first working day of each of the twelve months before
    the next session, then the next session — this month's first working day if it is today or
    still ahead, otherwise next month's (the rule of consultation/models/sessions.py,
    default_session_date).

    Working days come from core/workdays.py: chinese-calendar's holidays and 调休 make-up days,
    and for a year the package has no data for yet (1.11.0 knows up to 2026) plain Monday to
    Friday, with a logged warning — so a session may then fall on a public holiday such as
    1 January until the package is upgraded."""
    upcoming = first_working_day(today.year, today.month)
    month = (today.year, today.month)
    if upcoming < today:
        month = next_month(*month)
        upcoming = first_working_day(*month)
    held = []
    for _ in range(HELD_SESSIONS):
        month = previous_month(*month)
        held.append(first_working_day(*month))
    return [*reversed(held), upcoming]


def previous_quarter(day):
    quarter = (day.month - 1) // 3 + 1
    return (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)


class Calendar:
    """Turns the data file's date expressions into dates for one `today`."""

    def __init__(self, today):
        self.today = today
        self.sessions = {f"s{n}": day for n, day in enumerate(session_dates(today))}

    def raw(self, text, base=None):
        match = EXPRESSION.fullmatch(text)
        if not match or not text:
            raise ValueError(f"演示数据中的日期写法无法识别：{text!r}")
        anchor, days = match["anchor"], int(match["days"] or 0)
        if anchor == "today":
            start = self.today
        elif anchor:
            start = self.sessions[anchor]
        elif base is None:
            raise ValueError(f"演示数据中的相对日期 {text!r} 没有起算日期")
        else:
            start = base
        return start + datetime.timedelta(days=days)

    def happened(self, text, earliest=None, base=None):
        """An event's date: as written, but not before `earliest` and never after today."""
        day = self.raw(text, base)
        if earliest and day < earliest:
            day = earliest
        return min(day, self.today)


def dated(data, today):
    """A copy of the demo data with every date expression replaced by a `datetime.date` for
    `today` (see the module docstring); notices also get their quarter and a dated title."""
    data = copy.deepcopy(data)
    calendar = Calendar(today)
    for session in data["sessions"]:
        session["date"] = calendar.sessions[session["key"]]
    proposals = {}
    for proposal in data["proposals"]:
        proposals[proposal["key"]] = proposal
        day = proposal["submitted"] = calendar.happened(proposal["submitted"])
        raw_dates = []
        for step in proposal["history"]:
            raw_dates.append(calendar.raw(step["date"]))
            day = step["date"] = calendar.happened(step["date"], earliest=day)
            if "deadline" in step:
                step["deadline"] = max(day, calendar.raw(step["deadline"], base=day))
        # For the order of steps that end up on the same day: as written, never before the step before.
        written = None
        for step, raw in zip(proposal["history"], raw_dates, strict=True):
            written = step["written"] = max(raw, written or raw)
        _evaluation_ends(calendar, proposal["history"])
    for notice in data["notices"]:
        _dated_notice(calendar, notice, proposals.get(notice.get("proposal")))
    return data


def _evaluation_ends(calendar, history):
    """An evaluation ends no earlier than its last rating and, when it was closed or reopened,
    no later than that step."""
    for n, step in enumerate(history):
        if step["action"] != "open_evaluation":
            continue
        ends = calendar.raw(step["ends_on"], base=step["date"])
        latest, following = step["date"], None
        for later in history[n + 1 :]:
            if later["action"] != "rate":
                following = later
                break
            latest = later["date"]
        ends = max(ends, latest)
        if following and following["action"] in ("close", "reopen"):
            ends = min(ends, following["date"])
        step["ends_on"] = ends


def _dated_notice(calendar, notice, proposal):
    """A notice is published on or after what it reports (the vote of a resolution notice, the
    closing or reopening of a result notice) and never after today."""
    reported = None
    if proposal:
        actions = ("vote",) if notice["kind"] == "resolution" else ("close", "reopen")
        reported = max((s["date"] for s in proposal["history"] if s["action"] in actions), default=None)
    starts = notice["starts_on"] = calendar.happened(notice["starts_on"], earliest=reported)
    ends = notice["ends_on"] = max(starts, calendar.raw(notice["ends_on"], base=starts))
    for objection in notice.get("objections", []):
        objection["date"] = min(max(starts, calendar.raw(objection["date"], base=starts)), ends, calendar.today)
    if notice["kind"] == "quarterly":
        year, quarter = previous_quarter(starts)
        notice["period_year"], notice["period_quarter"] = year, quarter
        notice["title"] = notice["title"].format(year=year, quarter=cn_number(quarter))
    # The body restates the notice's own window and, for a resolution, the day of the vote;
    # those follow the dates above. Other dates in the texts are left as written.
    window = f"公示期为{cn_date(starts)}至{cn_date(ends)}"
    notice["body"] = WINDOW_IN_BODY.sub(window, notice["body"])
    if notice["kind"] == "resolution" and reported:
        notice["body"] = DATE_OPENING_BODY.sub(f"{cn_date(reported)}，", notice["body"])


def rating_number(proposal_number, count):
    """The mobile number behind a demo rating: 139, the proposal's place in the data file and the
    rating's count make each one distinct, and 139 numbers are all in assigned ranges."""
    return f"139{proposal_number + 1:03d}{count:05d}"


# -- loading ---------------------------------------------------------------------------------


class ConsultationDemo:
    def __init__(self, site, today=None):
        self.site = site
        self.now = timezone.now()
        self.today = today or timezone.localdate(self.now)
        self.source = load_data()
        self.data = dated(self.source, self.today)
        self.secretary = get_user_model().objects.get(username=SECRETARY)
        self.created = 0
        self.skipped = False

    def moment(self, day, time=STEP_TIME):
        """`time` on `day` (Asia/Shanghai), but not later than the real clock when `day` is today."""
        moment = timezone.make_aware(datetime.datetime.combine(day, time))
        if day == timezone.localdate(self.now):
            moment = min(moment, self.now)
        return moment

    @contextlib.contextmanager
    def clock(self, day):
        """Run the enclosed steps as if it were 10:00 on `day`."""
        moment = self.moment(day)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            yield moment

    def existing(self):
        titles = [p["title"] for p in self.source["proposals"]]
        return Proposal.objects.filter(site=self.site, title__in=titles)

    def next_session(self):
        """The date of the demo's planned 议事日, if the demo is loaded."""
        sessions = Session.objects.filter(site=self.site, agenda_items__proposal__in=self.existing())
        return sessions.filter(status=Session.Status.PLANNED).aggregate(Max("date"))["date__max"]

    def load(self, unit_accounts, refresh=False):
        """Builds the demo's consultation year ending today. If it is there already, nothing
        changes, unless `refresh`: then the demo's sessions, proposals and notices are deleted
        and built again for today (partner units stay)."""
        with transaction.atomic():
            self.units = {u["key"]: self.unit(u) for u in self.data["units"]}
            for username, unit_key in unit_accounts.items():
                self.units[unit_key].members.add(get_user_model().objects.get(username=username))
            if self.existing().exists():
                if not refresh:
                    self.skipped = True
                    return 0
                self.clear()
            self.sessions = {s["key"]: self.session(s) for s in self.data["sessions"]}
            self.proposals = {}
            for number, entry in sorted(enumerate(self.data["proposals"]), key=lambda p: p[1]["submitted"]):
                self.proposals[entry["key"]] = self.proposal(entry, number)
                self.created += 1
            self.replay()
            self.records()
        return self.created

    def clear(self):
        """Deletes what the demo made for an earlier day: its sessions, proposals and notices with
        their history, frozen PDFs and audit-log entries."""
        proposals = list(self.existing())
        sessions = list(Session.objects.filter(site=self.site, agenda_items__proposal__in=proposals).distinct())
        titles = Q(proposal__in=proposals)
        for entry in self.source["notices"]:
            pattern = re.escape(entry["title"]).replace(r"\{year\}", r"\d{4}").replace(r"\{quarter\}", ".")
            titles |= Q(title__regex=f"^{pattern}$")
        notices = list(Notice.objects.filter(site=self.site).filter(titles))
        for version in RecordVersion.objects.filter(Q(session__in=sessions) | Q(notice__in=notices)):
            version.file.delete(save=False)
            version.delete()
        for model, objects in ((Session, sessions), (Notice, notices), (Proposal, proposals)):
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(o.pk) for o in objects],
            ).delete()
        Session.objects.filter(pk__in=[s.pk for s in sessions]).delete()
        Notice.objects.filter(pk__in=[n.pk for n in notices]).delete()
        Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(merged_into=None)
        Proposal.objects.filter(pk__in=[p.pk for p in proposals]).delete()

    def unit(self, entry):
        unit, _ = PartnerUnit.objects.get_or_create(
            name=entry["name"],
            defaults={
                "kind": entry["kind"],
                "contact_person": entry["contact_person"],
                "contact_phone": entry["contact_phone"],
                "resources": "\n".join(entry["resources"]),
            },
        )
        return unit

    def session(self, entry):
        with self.clock(min(entry["date"], self.today)):
            session = Session.objects.create(
                site=self.site,
                date=entry["date"],
                start_time=datetime.time.fromisoformat(entry["start"]),
                end_time=datetime.time.fromisoformat(entry["end"]),
                venue=entry["venue"],
                host=entry["host"],
                recorder=entry["recorder"],
                summary=entry.get("summary", ""),
            )
            for order, p in enumerate(entry["participants"]):
                Participant.objects.create(
                    session=session,
                    sort_order=order,
                    name=p["name"],
                    role=p["role"],
                    organisation=p.get("organisation", ""),
                    present=p.get("present", True),
                )
        return session

    def proposal(self, entry, number):
        with self.clock(entry["submitted"]) as moment:
            proposal = Proposal.objects.create(
                site=self.site,
                title=entry["title"],
                description=entry["description"],
                category=entry["category"],
                estate=entry["estate"],
                building=entry.get("building", ""),
                proposer_name=entry["proposer"],
                proposer_phone=entry["phone"],
                source=entry.get("source", "online"),
                submitted_at=moment,
            )
            ProposalEvent.objects.create(proposal=proposal, action="submit", to_state=proposal.state, created_at=moment)
        proposal._number = number
        proposal._pending = list(entry["history"])
        proposal._tasks = []
        return proposal

    def replay(self):
        """All steps of all proposals in date order, so sessions fill up as they would have; steps
        moved to the same day keep the order they were written for."""
        steps = [
            ((step["date"], step["written"], n), proposal, step)
            for proposal in self.proposals.values()
            for n, step in enumerate(proposal._pending)
        ]
        for (day, _written, _n), proposal, step in sorted(steps, key=lambda s: s[0]):
            with self.clock(day) as moment:
                last = proposal.events.order_by("-pk").values_list("pk", flat=True).first() or 0
                last_task = proposal.tasks.order_by("-pk").values_list("pk", flat=True).first() or 0
                self.step(proposal, step, moment)
                # Fields defaulting to timezone.now took the real clock, not this step's.
                ProposalEvent.objects.filter(proposal=proposal, pk__gt=last).update(created_at=moment)
                Task.objects.filter(proposal=proposal, pk__gt=last_task).update(created_at=moment)

    def step(self, proposal, step, moment):
        action, user = step["action"], self.secretary
        if action in ("accept", "reject", "defer", "complete", "close", "reopen"):
            workflow.perform(proposal, action, user, step.get("reason", ""))
        elif action == "merge":
            workflow.perform(proposal, "merge", user, step.get("reason", ""), target=self.proposals[step["into"]])
        elif action == "refer":
            workflow.perform(
                proposal,
                "refer",
                user,
                step["reason"],
                unit=self.units[step["unit"]],
                person=step.get("person", ""),
                deadline=step["deadline"],
            )
            proposal._tasks.append(proposal.tasks.latest("pk"))
        elif action == "schedule":
            workflow.perform(proposal, "schedule", user, session=self.sessions[step["session"]])
        elif action == "vote":
            item = proposal.agenda_items.get(session=self.sessions[step["session"]])
            if step.get("opinions"):
                deliberation.record_opinions(item, user, step["opinions"])
            deliberation.record_vote(
                item, user, step["for"], step["against"], step["abstain"], step.get("resolution", "")
            )
        elif action == "assign":
            proposal._tasks.append(
                implementation.assign_task(
                    proposal,
                    user,
                    self.units[step["unit"]],
                    step["description"],
                    step["person"],
                    step["deadline"],
                )
            )
        elif action == "progress":
            implementation.post_progress(
                proposal._tasks[step["task"]], user, step["percent"], step["text"], moment.date()
            )
        elif action == "open_evaluation":
            workflow.perform(proposal, "open_evaluation", user, ends_on=step["ends_on"])
        elif action == "rate":
            self.ratings(proposal, step, moment)
        else:
            raise ValueError(f"未知的演示步骤：{action}")

    def ratings(self, proposal, step, moment):
        """Ratings from residents who verified their numbers that day (so they count)."""
        comments = list(step.get("comments", []))
        count = Rating.objects.filter(proposal=proposal).count()
        for score, times in step["ratings"].items():
            for _ in range(times):
                count += 1
                voice = VerifiedPhone(rating_number(proposal._number, count), moment)
                rating = evaluation.rate(proposal, score, voice, comments.pop(0) if comments else "")
                Rating.objects.filter(pk=rating.pk).update(created_at=moment)

    def records(self):
        """The notices and the minutes the committee would have, in date order so that document
        numbers (文号) count up through the year: minutes approved two days after each held 议事日
        (all but the latest, left as a draft to show one), notices numbered when published, and
        the frozen PDF of each."""
        held = sorted(
            (s for s in self.sessions.values() if s.date < self.today and s.agenda_items.exists()),
            key=lambda s: s.date,
        )
        documents = [(s.date + datetime.timedelta(days=2), 0, n, s) for n, s in enumerate(held[:-1])]
        documents += [(entry["starts_on"], 1, n, entry) for n, entry in enumerate(self.data["notices"])]
        for day, kind, _n, item in sorted(documents, key=lambda d: d[:3]):
            with self.clock(day):
                if kind == 0:
                    item.refresh_from_db()
                    records.approve_minutes(item, self.secretary)  # a failed PDF is logged by the task
                    continue
                notice = self.notice(item)
                try:
                    records.freeze(notice, self.secretary)
                except RenderError as error:  # no fonts or Pango here: `manage.py freeze_records` later
                    logger.warning("demo: no PDF for %s: %s", notice, error)
                RecordVersion.objects.filter(notice=notice).update(created_at=notice.published_at)

    def notice(self, entry):
        starts_on = entry["starts_on"]
        notice = Notice.objects.create(
            site=self.site,
            kind=entry["kind"],
            title=entry["title"],
            document_number=next_document_number(self.site, starts_on.year),
            body=entry["body"],
            proposal=self.proposals.get(entry.get("proposal")),
            starts_on=starts_on,
            ends_on=entry["ends_on"],
            period_year=entry.get("period_year"),
            period_quarter=entry.get("period_quarter"),
            published_at=self.moment(starts_on, PUBLICATION_TIME),
        )
        for o in entry.get("objections", []):
            objection = Objection.objects.create(
                notice=notice,
                kind=o["kind"],
                name=o["name"],
                phone=o["phone"],
                content=o["content"],
                reply=o.get("reply", ""),
            )
            Objection.objects.filter(pk=objection.pk).update(created_at=self.moment(o["date"], OBJECTION_TIME))
        return notice


SYNTHETIC_STATES = [
    "accepted",
    "rejected",
    "implementing",
    "closed",
    "not_adopted",
    "evaluating",
    "referred",
    "implemented",
]
# Filler vocabulary that shares no two-character run with the demo content, so that synthetic
# proposals add load to benchmarks without adding matches to bench/search_eval.json's queries.
SYNTHETIC_TITLES = ["甲乙丙丁", "戊己庚辛", "壬癸子丑", "寅卯辰巳", "午未申酉", "戌亥乾坤"]


def seed_synthetic_proposals(site, count, progress=None):
    """Bring the synthetic proposals (titles starting with "合成") up to `count`, for benchmarks.

    Bulk-inserted with their tracking numbers in one go: replaying the workflow for ten thousand
    proposals would take minutes and adds nothing to what a benchmark measures."""
    existing = Proposal.objects.filter(site=site, title__startswith="合成").count()
    missing = count - existing
    if missing <= 0:
        return 0
    prefix = CommunitySettings.for_site(site).tracking_prefix
    rng = random.Random(count)
    batch, created = [], 0
    sequences = {}
    for number in range(existing + 1, count + 1):
        day = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1750))
        year = day.year
        if year not in sequences:
            sequences[year] = (
                Proposal.objects.filter(site=site, year=year).aggregate(Max("sequence"))["sequence__max"] or 0
            )
        sequences[year] += 1
        state = rng.choice(SYNTHETIC_STATES)
        batch.append(
            Proposal(
                site=site,
                year=year,
                sequence=sequences[year],
                tracking_number=f"{prefix}-{year}-{sequences[year]:04d}",
                title=f"合成议题{number}：{rng.choice(SYNTHETIC_TITLES)}",
                description="合成样例，" + "，".join(rng.sample(SYNTHETIC_TITLES, 3)),
                category=rng.choice(["children", "elderly", "health", "food", "living", "services", "other"]),
                estate=rng.choice(["花石小区", "榕溪苑", "石鼓新村", "杏林雅居"]),
                building=f"{rng.randint(1, 18)}号楼",
                proposer_name="合成居民",
                proposer_phone="13900000000",
                state=state,
                submitted_at=timezone.make_aware(datetime.datetime.combine(day, STEP_TIME)),
            )
        )
        if len(batch) == 1000:
            created += len(Proposal.objects.bulk_create(batch))
            batch = []
            if progress:
                progress(created)
    created += len(Proposal.objects.bulk_create(batch))
    if progress:
        progress(created)
    return created
