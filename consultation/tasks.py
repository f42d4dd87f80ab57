"""Background work of the consultation process: making the frozen PDF records.

With the default immediate backend the task runs when it is enqueued and its result is reported
to the secretary at once. With a database or Redis backend it is enqueued when the transaction
commits (so the worker sees the approved or published record) and a worker runs it; until then
the pages serve a freshly rendered copy. This module imports the records code only inside the
task, so that the modules the records depend on (notices.py) can import it.
"""
import logging
import uuid

from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)


@task()
def freeze_record(owner, pk, user_pk, reason, key):
    """Freeze record `owner` ("session" or "notice") `pk`; a run repeated with the same `key` makes
    no second version. Refusals come back as {"error": message in Chinese}."""
    from django.contrib.auth import get_user_model

    from consultation import records
    from consultation.models import Notice, Session
    from consultation.pdf.render import RenderError
    from consultation.workflow import TransitionError

    model = Session if owner == "session" else Notice
    user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    try:
        record = records.freeze(model.objects.get(pk=pk), user, reason, key)
    except (RenderError, TransitionError) as error:
        logger.warning("freezing %s %s refused: %s", owner, pk, error)
        return {"error": str(error)}
    return {"version": record.pk, "missing_glyphs": "".join(sorted(getattr(record, "missing_glyphs", ())))}


def freeze_later(owner, user=None, reason=""):
    """Have `owner`'s next version made. Returns the task's result with the immediate backend;
    None when a worker will run it after the commit."""
    args = (owner._meta.model_name, owner.pk, user.pk if user is not None and user.is_authenticated else None,
            reason, uuid.uuid4().hex)
    if isinstance(freeze_record.get_backend(), ImmediateBackend):
        return freeze_record.enqueue(*args)
    transaction.on_commit(lambda: freeze_record.enqueue(*args))
    return None
