"""The PDF records of the process: approving minutes, freezing minutes and notices, corrections.

Approved minutes and published notices are frozen: rendered once (as PDF/A), stored with their
SHA-256 and never rendered again. A correction renders the corrected source as the next version;
earlier versions stay as they were. Drafts are rendered from the source as it stands (anonymous
visitors get them through the page cache, which every change to the records empties).
Every action here checks its permission, runs in a transaction and writes the audit log.
"""
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation import permissions
from consultation.numbering import next_document_number
from consultation.models import RecordVersion, Session
from consultation.pdf import documents, render
from consultation.workflow import TransitionError
from website.templatetags.linli import cn_date


def owner_field(owner):
    return "session" if isinstance(owner, Session) else "notice"


def versions(owner):
    return RecordVersion.objects.filter(**{owner_field(owner): owner}).order_by("-number")


def latest(owner):
    return versions(owner).first()


def is_frozen(owner):
    """Approved minutes and published notices are records; anything else is a draft."""
    return owner.minutes_approved if isinstance(owner, Session) else owner.is_published


def pdf_of(owner, version=None, correction="", archival=False):
    """(Rendered, warnings) of `owner`'s PDF; `version` given means the frozen copy of that number.

    Always in Chinese, whatever language the page or the admin user has: these are the
    community's official documents, and a frozen copy is made once for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(owner, Session):
            template, context = documents.MINUTES_TEMPLATE, documents.minutes_context(owner, version, correction)
        else:
            template, context = documents.NOTICE_TEMPLATE, documents.notice_context(owner, version, correction)
        return render.render(template, context, archival=archival), context["doc"].warnings


def render_fresh(owner):
    """A draft (or a record whose frozen copy is still being made), rendered now, not stored."""
    return pdf_of(owner)


def filename(owner, version=None):
    title = owner.display_title + "会议纪要" if isinstance(owner, Session) else owner.title
    number = f"{owner.document_number} " if owner.document_number else ""
    suffix = _("第%(n)s版") % {"n": version} if version else _("草稿") if not is_frozen(owner) else ""
    return f"{number}{title}{' ' + suffix if suffix else ''}.pdf".replace("/", "／")


def freeze(owner, user=None, reason="", number=None):
    """Render `owner` as version `number` (the next one by default) and store it with its hash.

    Asked again for a number that exists already (a task run twice), it returns that version."""
    model = type(owner)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=owner.pk)
        last = versions(locked).first()
        if number is not None and last is not None and last.number >= number:
            return versions(locked).get(number=number)
        number = (last.number if last else 0) + 1
        rendered, _warnings = pdf_of(locked, number, reason, archival=True)
        record = RecordVersion(**{owner_field(locked): locked}, number=number, sha256=rendered.sha256,
                               size=len(rendered.content), pdf_variant=rendered.pdf_variant, reason=reason, created_at=timezone.now(),
                               created_by=user if user is not None and user.is_authenticated else None)
        stem = f"{owner_field(locked)}-{locked.pk}-v{number}-{rendered.sha256[:12]}.pdf"
        record.file.save(stem, ContentFile(rendered.content), save=False)
        record.save()
        log(instance=locked, action="consultation.record_version", user=record.created_by,
            data={"version": number, "sha256": record.sha256, "reason": reason})
    record.missing_glyphs = rendered.missing_glyphs
    return record


def approve_minutes(session, user):
    """审定会议纪要: the minutes of a held session become a record; the PDF is made by a task."""
    if not permissions.can(user, "approve_minutes", session):
        raise TransitionError(permissions.refusal("approve_minutes"))
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != Session.Status.HELD:
            raise TransitionError(_("“%(session)s”%(status)s，只有已召开的议事日才能审定会议纪要。")
                                  % {"session": locked, "status": locked.get_status_display()})
        if locked.minutes_approved:
            raise TransitionError(_("“%(session)s”的会议纪要已于%(date)s审定；如需修改，请发布更正版。")
                                  % {"session": locked, "date": cn_date(locked.minutes_approved_at)})
        items = list(locked.agenda_items.select_related("proposal").order_by("sort_order", "pk"))
        if not items:
            raise TransitionError(_("“%(session)s”没有议程，不能审定会议纪要。请先在议题办理页把议题列入议程。") % {"session": locked})
        open_items = [i for i in items if not i.outcome]
        if open_items:
            raise TransitionError(_("还有 %(count)s 项议程没有表决结果或暂缓决定（如“%(title)s”），请先在议事记录中登记。")
                                  % {"count": len(open_items), "title": open_items[0].proposal.title})
        if not locked.document_number:
            locked.document_number = next_document_number(locked.site, locked.date.year)
        locked.minutes_approved_at, locked.minutes_approved_by = timezone.now(), user
        locked.save(update_fields=["document_number", "minutes_approved_at", "minutes_approved_by"])
        log(instance=locked, action="consultation.minutes_approved", user=user)
    session.refresh_from_db()
    return schedule_freeze(session, user)


def correct(owner, user, reason):
    """更正: the corrected source becomes the next version; earlier versions are kept."""
    if not permissions.can(user, "correct_record", owner):
        raise TransitionError(permissions.refusal("correct_record"))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("请填写更正说明，它会印在更正版上并向居民公开。"))
    if not is_frozen(owner) or latest(owner) is None:
        raise TransitionError(_("只有已审定的会议纪要或已发布的公示才有更正版；草稿直接修改即可。"))
    return schedule_freeze(owner, user, reason)


def schedule_freeze(owner, user=None, reason=""):
    """Make the frozen copy in the background (at once with the default immediate backend)."""
    from consultation.tasks import freeze_record

    number = (versions(owner).values_list("number", flat=True).first() or 0) + 1
    user_pk = user.pk if user is not None and user.is_authenticated else None
    return freeze_record.enqueue(owner_field(owner), owner.pk, number, user_pk, reason)
