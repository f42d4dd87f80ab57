"""Make the frozen PDF of every published notice and approved minutes that has none yet.

For records published before PDFs existed, or when a task backend lost a job. Idempotent.
"""

from django.core.management.base import BaseCommand

from consultation import records
from consultation.models import Notice, Session


class Command(BaseCommand):
    help = "为已发布的公示和已审定的会议纪要补生成存档 PDF（已有存档的跳过）。"

    def handle(self, *args, **options):
        owners = [
            *Session.objects.filter(minutes_approved_at__isnull=False, minutes_versions__isnull=True),
            *Notice.objects.published().filter(versions__isnull=True),
        ]
        for owner in owners:
            version = records.freeze(owner)
            self.stdout.write(f"{owner}: 第{version.number}版 {version.sha256}")
        self.stdout.write(self.style.SUCCESS(f"生成存档 {len(owners)} 份。"))
