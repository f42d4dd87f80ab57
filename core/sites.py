"""Which community (Wagtail Site) a request is for."""

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Site


def community(request):
    """The Site serving `request`; a host that serves no community is a 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("没有找到这个社区。"))
    return site
