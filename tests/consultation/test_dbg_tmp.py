from consultation import workflow
from consultation.models import Task
from tests.consultation import factories as f
def test_dbg(db, unit, unit_user):
    task = f.TaskFactory(unit=unit)
    u1 = workflow.post_progress(task, unit_user, 40, "a")
    print(task.progress, list(task.updates.values_list("pk","date","percent")))
    u2 = workflow.post_progress(task, unit_user, 100, "b")
    print(u1.pk, u2.pk, task.progress, list(task.updates.order_by("-date","-pk").values_list("pk","date","percent")), Task.objects.get().progress)
    print(type(task.updates), task.updates.order_by("-date","-pk").first().percent)
