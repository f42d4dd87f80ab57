"""What the public pages and the admin screens both show of a record, computed in one place and
in a fixed number of queries."""

from django.db.models import Prefetch
from django.utils import timezone

from consultation import records
from consultation.models import ProgressUpdate, Rating
from consultation.models.proposals import Stage, State
from consultation.models.ratings import satisfaction


def proposal_record(proposal):
    """Everything public about a proposal, fetched in a fixed number of queries."""
    rate, counts, total = satisfaction(proposal.ratings.all())
    return {
        "proposal": proposal,
        "stages": stage_progress(proposal),
        "satisfaction_rows": [(label, counts[value]) for value, label in Rating.Score.choices],
        "events": list(proposal.events.all()),
        "agenda_items": list(proposal.agenda_items.select_related("session").order_by("session__date")),
        "tasks": list(
            proposal.tasks.select_related("unit").prefetch_related(
                Prefetch(
                    "updates",
                    queryset=ProgressUpdate.objects.select_related("photo").prefetch_related("photo__renditions"),
                )
            )
        ),
        "photos": list(proposal.photos.select_related("image").prefetch_related("image__renditions")),
        "notices": list(proposal.notices.published().order_by("-starts_on")),
        "merged": list(proposal.merged_proposals.values_list("tracking_number", "title")),
        "satisfaction": {"rate": rate, "counts": counts, "total": total},
        "today": timezone.localdate(),
    }


def stage_progress(proposal):
    """[(label, "done" | "current" | "todo" | "skipped")] for 提议 商议 践议 议评; a proposal that
    stopped early (rejected, merged, not adopted) shows its stage as current and the rest as not
    reached; a referred one skipped 商议."""
    stages = list(Stage)
    current = stages.index(proposal.stage)
    if proposal.state == State.CLOSED:
        current = len(stages)
    statuses = [
        (s.label, "done" if i < current else "current" if i == current else "todo") for i, s in enumerate(stages)
    ]
    if proposal.referred_unit_id:  # handled by a unit directly, without a session
        statuses[stages.index(Stage.DELIBERATE)] = (Stage.DELIBERATE.label, "skipped")
    return statuses


def record_files(owner, current_url):
    """The PDF of a session's minutes or of a notice, for the page that shows it: the current
    file, whether it is a frozen record, and every version with its SHA-256."""
    versions = list(records.versions(owner))
    frozen = records.is_frozen(owner)
    return {
        "url": current_url,
        "frozen": frozen and bool(versions),
        "pending": frozen and not versions,
        "versions": versions,
        "number": owner.document_number,
    }
