"""The one kind of refusal the consultation actions raise: its message says why, in Chinese, and
the action that raised it has changed nothing."""


class ActionRefused(Exception):
    """A refused action; the message is for the user."""
