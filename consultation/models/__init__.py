"""The consultation models, one module per stage of 提议—商议—践议—议评 and for notices."""

from consultation.models.notices import Notice, Objection
from consultation.models.proposals import Proposal, ProposalEvent, ProposalPhoto
from consultation.models.ratings import Rating
from consultation.models.sessions import AgendaItem, Participant, Session
from consultation.models.tasks import ProgressUpdate, Task
from consultation.models.units import PartnerUnit
from consultation.models.versions import RecordVersion

__all__ = [
    "AgendaItem",
    "Notice",
    "Objection",
    "Participant",
    "PartnerUnit",
    "ProgressUpdate",
    "Proposal",
    "ProposalEvent",
    "ProposalPhoto",
    "Rating",
    "RecordVersion",
    "Session",
    "Task",
]
