"""CommunitySettings and PageCacheVersion now belong to the `core` app (core/migrations/0001):
drop them from this app's state only; their tables and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0004_communitysettings_estates"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CommunitySettings"),
                migrations.DeleteModel(name="PageCacheVersion"),
            ],
            database_operations=[],
        ),
    ]
