"""Feeds residents subscribe to: the 议事日 calendar (iCalendar) and the notice board (RSS 2.0)."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from consultation.models import Notice, Session
from core.formatting import cn_date
from core.sites import community

CALENDAR_DAYS_BACK = 400


def calendar_ics(request):
    site = community(request)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Linli//议事日//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("%(community)s 议事日") % {"community": site.site_name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_DAYS_BACK)
    sessions = (
        Session.objects.filter(site=site, date__gte=since).prefetch_related("agenda_items__proposal").order_by("date")
    )
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{request.get_host().split(':')[0]}")
        event.add("summary", session.display_title)
        event.add("dtstart", datetime.datetime.combine(session.date, session.start_time, tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(session.date, session.end_time, tzinfo=zone))
        event.add("dtstamp", timezone.now())
        event.add("location", session.venue)
        event.add("url", request.build_absolute_uri(session.get_absolute_url()))
        agenda = [f"{i}. {item.proposal.title}" for i, item in enumerate(session.agenda_items.all(), start=1)]
        event.add("description", "\n".join([_("主持人：%(host)s") % {"host": session.host}, *agenda]))
        if session.status == Session.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="yishiri.ics"'
    return response


class NoticeFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __call__(self, request, *args, **kwargs):
        self.site = community(request)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(community)s 公示栏") % {"community": self.site.site_name}

    def link(self):
        return reverse("consultation:notices")

    def description(self):
        return _("社区议事决议、办理结果和季度点评的公示")

    def items(self):
        return Notice.objects.published().filter(site=self.site).order_by("-published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return (
            _("公示期：%(start)s 至 %(end)s") % {"start": cn_date(item.starts_on), "end": cn_date(item.ends_on)}
            + "\n\n"
            + item.body[:300]
        )

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display()]
