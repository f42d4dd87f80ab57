"""Creates the single row that holds the page cache's current generation."""
from django.db import migrations


def create_row(apps, schema_editor):
    apps.get_model("website", "PageCacheVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("website", "0001_initial")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
