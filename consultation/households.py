"""The household roster (住户名册) behind 一户一评: the secretary imports it from a CSV."""

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation import permissions
from consultation.errors import ActionRefused
from core import roster
from core.models import CommunitySettings


class RosterRefused(ActionRefused):
    """The file was refused; `errors` names every row that is wrong."""

    def __init__(self, errors):
        super().__init__(_("住户名册没有导入，原名册保持不变。请修改后重新上传："))
        self.errors = errors


def import_roster(site, user, data):
    """Replace `site`'s roster with the households of a CSV (bytes), all or nothing; returns the
    roster's summary. The audit entry records the counts, never a number or an address."""
    if not permissions.can(user, "manage_roster"):
        raise ActionRefused(permissions.refusal("manage_roster"))
    parsed = roster.parse_csv(data)
    if parsed.errors:
        raise RosterRefused(parsed.errors)
    roster.replace(site, parsed)
    summary = roster.summary(site)
    log(
        instance=CommunitySettings.for_site(site),
        action="consultation.roster",
        user=user,
        data={"households": summary["households"], "numbers": summary["numbers"]},
    )
    return summary
