"""The PDF records of the process: approving minutes, freezing minutes and notices, corrections.

Approved minutes and published notices are frozen: rendered once (as PDF/A), stored with their
SHA-256 and never rendered again. A correction renders the corrected source as the next version;
earlier versions stay as they were. Drafts are rendered from the source as it stands (anonymous
visitors get them through the page cache, which every change to the records empties).
Every action here checks its permission, runs in a transaction and writes the audit log.

The frozen copy is made by a background task (`freeze_record`). With the default immediate
backend it runs when it is enqueued and its result is reported to the secretary at once. With a
database or Redis backend it is enqueued when the transaction commits (so the worker sees the
approved or published record) and a worker runs it; until then the pages serve a freshly rendered
copy.
"""

import hashlib
import json
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.log_actions import log

from consultation import permissions
from consultation.errors import ActionRefused
from consultation.models import Notice, RecordVersion, Session
from consultation.numbering import next_document_number
from consultation.pdf import documents, render
from consultation.pdf.render import RenderError
from core.formatting import cn_date

logger = logging.getLogger(__name__)

FREEZE_ATTEMPTS = 3


def owner_field(owner):
    return "session" if isinstance(owner, Session) else "notice"


def versions(owner):
    return RecordVersion.objects.filter(**{owner_field(owner): owner}).order_by("-number")


def latest(owner):
    return versions(owner).first()


def is_frozen(owner):
    """Approved minutes and published notices are records; anything else is a draft."""
    return owner.minutes_approved if isinstance(owner, Session) else owner.is_published


def source(owner, version=None, correction=""):
    """(HTML, warnings) of `owner`'s document; `version` given means the frozen copy of that number.

    Always in Chinese, whatever language the page or the admin user has: these are the
    community's official documents, and a frozen copy is made once for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(owner, Session):
            template, context = documents.MINUTES_TEMPLATE, documents.minutes_context(owner, version, correction)
        else:
            template, context = documents.NOTICE_TEMPLATE, documents.notice_context(owner, version, correction)
        return render_to_string(template, context), context["doc"].warnings


def pdf_of(owner, version=None, correction="", archival=False):
    """(Rendered, warnings) of `owner`'s PDF (see `source`)."""
    html, warnings = source(owner, version, correction)
    return render.html_to_pdf(html, archival=archival), warnings


def render_fresh(owner):
    """A draft (or a record whose frozen copy is still being made), rendered now, not stored."""
    return pdf_of(owner)


def filename(owner, version=None):
    title = owner.display_title + "会议纪要" if isinstance(owner, Session) else owner.title
    number = f"{owner.document_number} " if owner.document_number else ""
    suffix = _("第%(n)s版") % {"n": version} if version else _("草稿") if not is_frozen(owner) else ""
    return f"{number}{title}{' ' + suffix if suffix else ''}.pdf".replace("/", "／")


def next_number(owner):
    return (versions(owner).values_list("number", flat=True).first() or 0) + 1


def freeze(owner, user=None, reason="", key=""):
    """Render `owner` as its next version and store it with its hash; returns the RecordVersion.

    The rendering and the upload happen outside any transaction; the version row is then written
    in a short one under a lock on the record, after checking that no other version took the
    number meanwhile (if one did, the document is rendered again with the next number, since the
    number is printed on it). A file whose row could not be written is deleted again. A task run
    twice with the same `key` returns the version it made the first time."""
    model = type(owner)
    if key and (done := RecordVersion.objects.filter(request_key=key).first()) is not None:
        return done
    for _attempt in range(FREEZE_ATTEMPTS):
        current = model.objects.get(pk=owner.pk)
        if not is_frozen(current):
            raise ActionRefused(_("“%(owner)s”尚未审定或发布，不能生成存档文件。") % {"owner": current})
        number = next_number(current)
        rendered, _warnings = pdf_of(current, number, reason, archival=True)
        record = RecordVersion(
            **{owner_field(current): current},
            number=number,
            sha256=rendered.sha256,
            size=len(rendered.content),
            pdf_variant=rendered.pdf_variant,
            reason=reason,
            source_sha256=fingerprint(current),
            request_key=key,
            created_at=timezone.now(),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        record.file.save(
            f"{owner_field(current)}-{current.pk}-v{number}-{rendered.sha256[:12]}.pdf",
            ContentFile(rendered.content),
            save=False,
        )
        try:
            with transaction.atomic():
                model.objects.select_for_update().filter(pk=current.pk).exists()
                if next_number(current) != number:
                    raise IntegrityError("version number taken")
                record.save()
                log(
                    instance=current,
                    action="consultation.record_version",
                    user=record.created_by,
                    data={"version": number, "sha256": record.sha256, "reason": reason},
                )
        except IntegrityError:
            record.file.delete(save=False)  # another version took the number: render again
            continue
        except BaseException:
            record.file.delete(save=False)
            raise
        record.missing_glyphs = rendered.missing_glyphs
        return record
    raise ActionRefused(_("同时有多份文件在生成，请稍后重试。"))


def fingerprint(owner):
    """SHA-256 of what the committee wrote into a record: for minutes the session's own fields,
    its participants and, per agenda item, the proposal's title, the opinions, the vote and the
    resolution; for a notice its own fields. Facts that move on by themselves after approval (tasks
    assigned later, progress, a quarter's outcomes) are left out: they are not edits."""
    if isinstance(owner, Session):
        fields = [
            owner.title,
            owner.date,
            owner.start_time,
            owner.end_time,
            owner.venue,
            owner.host,
            owner.recorder,
            owner.summary,
            owner.document_number,
            owner.quorum,
            owner.threshold,
            list(
                owner.participants.order_by("sort_order", "pk").values_list("name", "role", "organisation", "present")
            ),
            list(
                owner.agenda_items.order_by("sort_order", "pk").values_list(
                    "proposal__title",
                    "proposal__resolution",
                    "opinions",
                    "votes_expected",
                    "votes_present",
                    "votes_for",
                    "votes_against",
                    "votes_abstain",
                    "outcome",
                )
            ),
        ]
    else:
        fields = [
            owner.kind,
            owner.title,
            owner.document_number,
            owner.body,
            owner.starts_on,
            owner.ends_on,
            owner.period_year,
            owner.period_quarter,
            owner.proposal_id,
        ]
    return hashlib.sha256(json.dumps(fields, default=str, ensure_ascii=False).encode()).hexdigest()


def is_stale(owner, latest_version=None):
    """True when the record was edited after its latest version (looked up unless given) was
    frozen: the public page then differs from the archived PDF until a correction is published."""
    latest_version = latest_version or latest(owner)
    if latest_version is None or not latest_version.source_sha256:
        return False
    return fingerprint(owner) != latest_version.source_sha256


def approve_minutes(session, user):
    """审定会议纪要: the minutes of a held session become a record; the PDF is made by a task."""
    if not permissions.can(user, "approve_minutes", session):
        raise ActionRefused(permissions.refusal("approve_minutes"))
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != Session.Status.HELD:
            raise ActionRefused(
                _("“%(session)s”%(status)s，只有已召开的议事日才能审定会议纪要。")
                % {"session": locked, "status": locked.get_status_display()}
            )
        if locked.minutes_approved:
            raise ActionRefused(
                _("“%(session)s”的会议纪要已于%(date)s审定；如需修改，请发布更正版。")
                % {"session": locked, "date": cn_date(locked.minutes_approved_at)}
            )
        items = list(locked.agenda_items.select_related("proposal").order_by("sort_order", "pk"))
        if not items:
            raise ActionRefused(
                _("“%(session)s”没有议程，不能审定会议纪要。请先在议题办理页把议题列入议程。") % {"session": locked}
            )
        open_items = [i for i in items if not i.outcome]
        if open_items:
            raise ActionRefused(
                _("还有 %(count)s 项议程没有表决结果或暂缓决定（如“%(title)s”），请先在议事记录中登记。")
                % {"count": len(open_items), "title": open_items[0].proposal.title}
            )
        if not locked.document_number:
            locked.document_number = next_document_number(locked.site, locked.date.year)
        locked.minutes_approved_at, locked.minutes_approved_by = timezone.now(), user
        locked.save(update_fields=["document_number", "minutes_approved_at", "minutes_approved_by"])
        log(instance=locked, action="consultation.minutes_approved", user=user)
    session.refresh_from_db()
    return freeze_later(session, user)


def correct(owner, user, reason):
    """更正: the corrected source becomes the next version; earlier versions are kept."""
    if not permissions.can(user, "correct_record", owner):
        raise ActionRefused(permissions.refusal("correct_record"))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("请填写更正说明，它会印在更正版上并向居民公开。"))
    if not is_frozen(owner):
        raise ActionRefused(_("只有已审定的会议纪要或已发布的公示才有更正版；草稿直接修改即可。"))
    if latest(owner) is None:
        raise ActionRefused(_("存档文件还没有生成，请先点“生成存档文件”，再发布更正版。"))
    return freeze_later(owner, user, reason)


def make_missing_copy(owner, user):
    """生成存档文件: the first frozen copy of a record whose task failed or was lost."""
    if not permissions.can(user, "correct_record", owner):
        raise ActionRefused(permissions.refusal("correct_record"))
    if not is_frozen(owner) or latest(owner) is not None:
        raise ActionRefused(_("这份记录不需要补生成存档文件。"))
    return freeze_later(owner, user)


# -- the background task that makes the frozen copies ---------------------------------------------


@task()
def freeze_record(owner, pk, user_pk, reason, key):
    """Freeze record `owner` ("session" or "notice") `pk`; a run repeated with the same `key` makes
    no second version. Refusals come back as {"error": message in Chinese}."""
    model = Session if owner == "session" else Notice
    user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    try:
        record = freeze(model.objects.get(pk=pk), user, reason, key)
    except (RenderError, ActionRefused) as error:
        logger.warning("freezing %s %s refused: %s", owner, pk, error)
        return {"error": str(error)}
    return {"version": record.pk, "missing_glyphs": "".join(sorted(getattr(record, "missing_glyphs", ())))}


def freeze_later(owner, user=None, reason=""):
    """Have `owner`'s next version made. Returns the task's result with the immediate backend;
    None when a worker will run it after the commit."""
    args = (
        owner._meta.model_name,
        owner.pk,
        user.pk if user is not None and user.is_authenticated else None,
        reason,
        uuid.uuid4().hex,
    )
    if isinstance(freeze_record.get_backend(), ImmediateBackend):
        return freeze_record.enqueue(*args)
    transaction.on_commit(lambda: freeze_record.enqueue(*args))
    return None
