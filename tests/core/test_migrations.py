"""The community settings and the page-cache row moved from the `website` app to `core` with
state-only migrations: existing rows, and the content types that permissions point at, survive."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import CommunitySettings

BEFORE_THE_MOVE = [("website", "0004_communitysettings_estates"), ("core", None)]


def migrate_back():
    """Unapply the move; the historical models of the state before it."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    graph = executor.loader.graph
    others = [node for node in graph.leaf_nodes() if node[0] not in ("core", "website")]
    return executor.loader.project_state([*others, BEFORE_THE_MOVE[0]]).apps


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_keeps_the_rows_and_the_permissions():
    old = migrate_back()
    Site = old.get_model("wagtailcore", "Site")
    OldSettings = old.get_model("website", "CommunitySettings")
    OldSettings.objects.create(
        site=Site.objects.get(is_default_site=True), community_name="青溪社区", tracking_prefix="QX"
    )
    OldContentType = old.get_model("contenttypes", "ContentType")
    old_type, _ = OldContentType.objects.get_or_create(app_label="website", model="communitysettings")
    Permission = old.get_model("auth", "Permission")
    Permission.objects.get_or_create(content_type=old_type, codename="change_communitysettings", defaults={"name": "x"})

    migrate_forward()
    ContentType.objects.clear_cache()

    settings = CommunitySettings.objects.get()
    assert (settings.community_name, settings.tracking_prefix) == ("青溪社区", "QX")
    moved = ContentType.objects.get_for_model(CommunitySettings)
    assert moved.pk == old_type.pk and moved.app_label == "core"
    assert moved.permission_set.filter(codename="change_communitysettings").exists()
