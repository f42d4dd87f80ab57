"""Vote arithmetic for agenda items: quorum, pass threshold, and refusing impossible numbers.

Rules are explicit fractions. Quorum: at least `quorum` of the voting members expected (应到) are
present (实到). Pass: strictly more than `threshold` of the voting members present vote for.
The defaults: quorum two thirds, pass more than half (docs/workflow.md).
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QUORUM_CHOICES = [
    ("1/2", gettext_lazy("二分之一")),
    ("2/3", gettext_lazy("三分之二")),
    ("3/4", gettext_lazy("四分之三")),
]
THRESHOLD_CHOICES = [("1/2", gettext_lazy("过半数")), ("2/3", gettext_lazy("超过三分之二"))]
DEFAULT_QUORUM = "2/3"
DEFAULT_THRESHOLD = "1/2"


class VoteError(ValueError):
    """Numbers that cannot be recorded; the message says why, in Chinese."""


@dataclass(frozen=True)
class Tally:
    expected: int
    present: int
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def cast(self):
        return self.votes_for + self.votes_against + self.votes_abstain


@dataclass(frozen=True)
class Result:
    tally: Tally
    quorum_needed: int
    votes_needed: int
    passed: bool


def minimum_at_least(total, fraction):
    """The smallest whole number n with n ≥ fraction × total."""
    return -((-fraction.numerator * total) // fraction.denominator)


def minimum_more_than(total, fraction):
    """The smallest whole number n with n > fraction × total."""
    return (fraction.numerator * total) // fraction.denominator + 1


def decide(tally, quorum=DEFAULT_QUORUM, threshold=DEFAULT_THRESHOLD):
    """The result of `tally`, or VoteError when the numbers are impossible or the meeting is not quorate."""
    values = (tally.expected, tally.present, tally.votes_for, tally.votes_against, tally.votes_abstain)
    if any(v is None or v < 0 for v in values):
        raise VoteError(_("票数和人数都必须是不小于 0 的整数。"))
    if tally.expected == 0:
        raise VoteError(_("本次议事日没有登记有表决权的参会人员，无法表决。"))
    if tally.present > tally.expected:
        raise VoteError(
            _("实到人数（%(present)s）不能多于应到人数（%(expected)s）。")
            % {"present": tally.present, "expected": tally.expected}
        )
    if tally.cast > tally.present:
        raise VoteError(
            _("同意、反对、弃权合计 %(cast)s 票，多于实到的有表决权人数 %(present)s 人，请核对。")
            % {"cast": tally.cast, "present": tally.present}
        )
    quorum_needed = minimum_at_least(tally.expected, Fraction(quorum))
    if tally.present < quorum_needed:
        raise VoteError(
            _("实到 %(present)s 人，未达到法定人数 %(needed)s 人（应到 %(expected)s 人的%(rule)s），不能表决。")
            % {
                "present": tally.present,
                "needed": quorum_needed,
                "expected": tally.expected,
                "rule": dict(QUORUM_CHOICES)[quorum],
            }
        )
    votes_needed = minimum_more_than(tally.present, Fraction(threshold))
    return Result(tally, quorum_needed, votes_needed, passed=tally.votes_for >= votes_needed)
