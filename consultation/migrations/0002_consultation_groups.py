"""Creates the consultation roles as groups with the model permissions their admin screens need.

What each role may *do* (triage, vote, post progress, ...) is decided in consultation/permissions.py;
these permissions only open the admin screens: secretaries edit everything, members and the
supervisory committee read everything, unit accounts see tasks (filtered to their own unit).
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["proposal", "proposalevent", "proposalphoto", "session", "participant", "agendaitem",
          "partnerunit", "task", "progressupdate", "rating", "notice", "objection"]
READ_ALL = [("consultation", f"view_{m}") for m in MODELS]
# Records of the process are never deleted, only corrected: secretaries may delete partner units
# (while no task refers to them) and session participants, nothing else.
DELETABLE = {"partnerunit", "participant"}
GROUPS = {
    "议事秘书": [("consultation", f"{a}_{m}") for m in MODELS for a in ("add", "change", "view")]
    + [("consultation", f"delete_{m}") for m in sorted(DELETABLE)],
    "议事委员": READ_ALL,
    "居务监督委员会": READ_ALL,
    "责任单位": [("consultation", "view_task"), ("consultation", "view_partnerunit"), ("consultation", "add_progressupdate")],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, codename in codes:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial"), ("news", "0002_news_groups_and_workflow")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
