"""Document numbers (文号) of minutes and notices: 花石社议〔2026〕3号."""

from wagtail.models import Site

from consultation.models import Notice, Session
from core.models import CommunitySettings


def next_document_number(site, year):
    """花石社议〔2026〕N号: N counts the community's numbered records of the year, minutes and
    notices together, under a lock on the community so two approvals never share a number."""
    prefix = CommunitySettings.for_site(site).document_prefix
    if not prefix:
        return ""
    Site.objects.select_for_update().filter(pk=site.pk).exists()
    pattern = f"{prefix}〔{year}〕"
    used = [
        *Session.objects.filter(site=site, document_number__startswith=pattern).values_list(
            "document_number", flat=True
        ),
        *Notice.objects.filter(site=site, document_number__startswith=pattern).values_list(
            "document_number", flat=True
        ),
    ]
    numbers = [int(n[len(pattern) : -1]) for n in used if n.endswith("号") and n[len(pattern) : -1].isdigit()]
    return f"{pattern}{max(numbers, default=0) + 1}号"
