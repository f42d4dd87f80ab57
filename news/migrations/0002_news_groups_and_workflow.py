"""Creates the news groups (新闻编辑, 新闻审核), their permissions and the moderation workflow.

Editors may write and submit pages but not publish them; moderators approve (publish) or reject
them through the workflow on the root page, which therefore covers every page of every site.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "新闻编辑"
MODERATORS = "新闻审核"
WORKFLOW_NAME = "新闻发布审核"
TASK_NAME = "新闻审核"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("news", "view_newscategory"),
        ("taggit", "add_tag"),
    ],
    MODERATORS: [
        ("wagtailadmin", "access_admin"),
        ("news", "add_newscategory"),
        ("news", "change_newscategory"),
        ("news", "delete_newscategory"),
        ("news", "view_newscategory"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
    ],
}
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
    ],
    MODERATORS: [
        ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
    ],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups_and_workflow(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    groups = {}
    for name in (EDITORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(*[permission(*p) for p in MODEL_PERMISSIONS[name]])
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(app_label, codename)
            )

    # Reuse the workflow Wagtail put on the root page, if any, so there is exactly one.
    workflow_page = WorkflowPage.objects.filter(page=root_page).first()
    workflow = workflow_page.workflow if workflow_page else Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()
    if not workflow_page:
        WorkflowPage.objects.create(page=root_page, workflow=workflow)

    task_ids = WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
    task = GroupApprovalTask.objects.filter(pk__in=task_ids).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0],
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.name = TASK_NAME
    task.save()
    task.groups.set([groups[MODERATORS]])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("taggit", "__latest__"),
    ]
    operations = [migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop)]
