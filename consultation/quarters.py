"""Calendar quarters of the quarterly review (季度公示点评): their dates and their proposals."""

import datetime

from consultation.models import Proposal

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def quarter_dates(year, quarter):
    """(first day, first day after) of a quarter."""
    first, last = QUARTER_MONTHS[quarter]
    return datetime.date(year, first, 1), datetime.date(year + (last == 12), last % 12 + 1, 1)


def quarter_proposals(site, year, quarter):
    """The public proposals of `site` submitted in the quarter, in the order of their numbers."""
    start, end = quarter_dates(year, quarter)
    return (
        Proposal.objects.public()
        .filter(site=site, submitted_at__date__gte=start, submitted_at__date__lt=end)
        .order_by("sequence")
    )
