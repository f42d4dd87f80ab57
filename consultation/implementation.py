"""践议: giving a resolved proposal's work to responsible units (居民点单、社区下单、单位接单) and
the dated progress they post."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from consultation import permissions, workflow
from consultation.errors import ActionRefused
from consultation.models import ProgressUpdate, Task
from consultation.models.proposals import State
from core.media import collection_named

PROGRESS_COLLECTION = "践议照片"


def assign_task(proposal, user, unit, description, person, deadline):
    """居民点单、社区下单、单位接单: give a resolved proposal's work to a responsible unit."""
    if not permissions.can(user, "assign_task", proposal):
        raise ActionRefused(permissions.refusal("assign_task"))
    if proposal.state not in (State.RESOLVED, State.IMPLEMENTING):
        raise ActionRefused(
            _("只有决议通过或践议中的议题才能派发任务（当前：%(state)s）。") % {"state": proposal.get_state_display()}
        )
    if deadline < timezone.localdate():
        raise ActionRefused(_("完成时限不能早于今天。"))
    with transaction.atomic():
        task = Task.objects.create(
            proposal=proposal, unit=unit, description=description, person=person, deadline=deadline
        )
        log(
            instance=proposal,
            action="consultation.task",
            user=user,
            data={"unit": unit.name, "deadline": str(deadline)},
        )
        if proposal.state == State.RESOLVED:
            workflow.perform(proposal, "start", user, _("派发任务给%(unit)s") % {"unit": unit.name})
    return task


def post_progress(task, user, percent, text, date=None, photo=None):
    """A dated progress update of `task`, with an optional photo upload filed under
    PROGRESS_COLLECTION; the task's progress becomes the latest update's percentage."""
    if not permissions.can(user, "post_progress", task):
        raise ActionRefused(permissions.refusal("post_progress"))
    if not 0 <= percent <= 100:
        raise ActionRefused(_("完成百分比须在 0 到 100 之间。"))
    if not text.strip():
        raise ActionRefused(_("请填写进展情况。"))
    with transaction.atomic():
        image = None
        if photo:
            image = get_image_model().objects.create(
                title=_("%(unit)s 进度照片") % {"unit": task.unit},
                description=task.description[:200],
                collection=collection_named(PROGRESS_COLLECTION),
                file=photo,
                uploaded_by_user=user,
            )
        update = ProgressUpdate.objects.create(
            task=task, percent=percent, text=text.strip(), date=date or timezone.localdate(), photo=image, author=user
        )
        task.refresh_progress()
        log(
            instance=task.proposal,
            action="consultation.progress",
            user=user,
            data={"task": task.pk, "percent": percent},
        )
    return update
