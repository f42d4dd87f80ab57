"""A year of consultation for the demo community, replayed through the real workflow.

Every proposal's history in demo_data/consultation.json is carried out with the same functions
the admin uses (workflow.perform, deliberation.record_vote, implementation.assign_task,
implementation.post_progress, evaluation.rate), with the clock
set to each step's date, so the demo's records are exactly what the product would have produced.
"""

import contextlib
import datetime
import json
import logging
import random
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from consultation import deliberation, evaluation, implementation, records, workflow
from consultation.models import Notice, Objection, Participant, PartnerUnit, Proposal, ProposalEvent, Rating, Session
from consultation.pdf.render import RenderError
from core.models import CommunitySettings

logger = logging.getLogger(__name__)
DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "consultation.json"
STEP_TIME = datetime.time(10, 0)
SECRETARY = "mishu"


@contextlib.contextmanager
def clock(day):
    """Run the enclosed steps as if it were 10:00 on `day` (Asia/Shanghai)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, STEP_TIME))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def parse_date(text):
    return datetime.date.fromisoformat(text)


class ConsultationDemo:
    def __init__(self, site):
        self.site = site
        self.data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        self.secretary = get_user_model().objects.get(username=SECRETARY)
        self.created = 0

    def load(self, unit_accounts):
        with transaction.atomic():
            self.units = {u["key"]: self.unit(u) for u in self.data["units"]}
            for username, unit_key in unit_accounts.items():
                self.units[unit_key].members.add(get_user_model().objects.get(username=username))
            self.sessions = {s["key"]: self.session(s) for s in self.data["sessions"]}
            existing = set(Proposal.objects.filter(site=self.site).values_list("title", flat=True))
            self.proposals = {}
            for entry in sorted(self.data["proposals"], key=lambda p: p["submitted"]):
                if entry["title"] in existing:
                    self.proposals[entry["key"]] = Proposal.objects.get(site=self.site, title=entry["title"])
                    continue
                self.proposals[entry["key"]] = self.proposal(entry)
                self.created += 1
            self.replay()
            for entry in self.data["notices"]:
                self.notice(entry)
            self.records()
        return self.created

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
        day = parse_date(entry["date"])
        session, created = Session.objects.get_or_create(
            site=self.site,
            date=day,
            defaults={
                "start_time": datetime.time.fromisoformat(entry["start"]),
                "end_time": datetime.time.fromisoformat(entry["end"]),
                "venue": entry["venue"],
                "host": entry["host"],
                "recorder": entry["recorder"],
                "summary": entry.get("summary", ""),
            },
        )
        if created:
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

    def proposal(self, entry):
        day = parse_date(entry["submitted"])
        with clock(day) as moment:
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
        proposal._pending = list(entry["history"])
        proposal._tasks = []
        return proposal

    def replay(self):
        """All steps of all new proposals in date order, so sessions fill up as they would have."""
        steps = [
            (parse_date(step["date"]), n, proposal, step)
            for proposal in self.proposals.values()
            for n, step in enumerate(getattr(proposal, "_pending", []))
        ]
        for day, _n, proposal, step in sorted(steps, key=lambda s: (s[0], s[1])):
            with clock(day) as moment:
                last = proposal.events.order_by("-pk").values_list("pk", flat=True).first() or 0
                self.step(proposal, step, moment)
                ProposalEvent.objects.filter(proposal=proposal, pk__gt=last).update(created_at=moment)

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
                deadline=parse_date(step["deadline"]),
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
                    parse_date(step["deadline"]),
                )
            )
        elif action == "progress":
            implementation.post_progress(
                proposal._tasks[step["task"]], user, step["percent"], step["text"], moment.date()
            )
        elif action == "open_evaluation":
            workflow.perform(proposal, "open_evaluation", user, ends_on=parse_date(step["ends_on"]))
        elif action == "rate":
            self.ratings(proposal, step, moment)
        else:
            raise ValueError(f"未知的演示步骤：{action}")

    def ratings(self, proposal, step, moment):
        comments = list(step.get("comments", []))
        number = Rating.objects.filter(proposal=proposal).count()
        for score, count in step["ratings"].items():
            for _ in range(count):
                number += 1
                rating = evaluation.rate(
                    proposal, score, f"139{proposal.pk:04d}{number:04d}", comments.pop(0) if comments else ""
                )
                Rating.objects.filter(pk=rating.pk).update(created_at=moment)

    def notice(self, entry):
        if Notice.objects.filter(site=self.site, title=entry["title"]).exists():
            return
        starts_on = parse_date(entry["starts_on"])
        notice = Notice.objects.create(
            site=self.site,
            kind=entry["kind"],
            title=entry["title"],
            document_number=entry.get("document_number", ""),
            body=entry["body"],
            proposal=self.proposals.get(entry.get("proposal")),
            starts_on=starts_on,
            ends_on=parse_date(entry["ends_on"]),
            period_year=entry.get("period_year"),
            period_quarter=entry.get("period_quarter"),
            published_at=timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9, 0))),
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
            Objection.objects.filter(pk=objection.pk).update(
                created_at=timezone.make_aware(datetime.datetime.combine(parse_date(o["date"]), datetime.time(15, 0)))
            )

    def records(self):
        """The frozen PDFs the committee would have: minutes approved two days after each held
        议事日 (all but the latest, left as a draft to show one), and every published notice."""
        held = list(Session.objects.filter(site=self.site, status=Session.Status.HELD).order_by("date"))
        for session in held[:-1]:
            if not session.minutes_approved:
                with clock(session.date + datetime.timedelta(days=2)):
                    records.approve_minutes(session, self.secretary)  # a failed PDF is logged by the task
        for notice in Notice.objects.filter(site=self.site, versions__isnull=True).published().order_by("published_at"):
            with clock(timezone.localdate(notice.published_at)):
                try:
                    records.freeze(notice, self.secretary)
                except RenderError as error:  # no fonts or Pango here: `manage.py freeze_records` later
                    logger.warning("demo: no PDF for %s: %s", notice, error)


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
