"""Background work of the consultation process: making the frozen PDF records.

With the default immediate backend a task runs when it is enqueued; with a database or Redis
backend a worker runs it, and the pages serve a freshly rendered copy until it is done.
"""
from django_tasks import task


@task()
def freeze_record(owner, pk, number, user_pk, reason):
    from django.contrib.auth import get_user_model

    from consultation import records
    from consultation.models import Notice, Session

    model = Session if owner == "session" else Notice
    user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    record = records.freeze(model.objects.get(pk=pk), user, reason, number)
    return {"version": record.pk, "missing_glyphs": "".join(sorted(getattr(record, "missing_glyphs", ())))}
