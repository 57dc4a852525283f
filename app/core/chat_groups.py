"""Which heading a chat goes under in the list: Today, Yesterday, ... or its month."""

from __future__ import annotations

import datetime as dt

PINNED = "Pinned"


def date_group(timestamp: float, now: float | None = None) -> str:
    """The list heading for a chat last updated at ``timestamp`` (local time)."""
    today = dt.datetime.fromtimestamp(now if now is not None else dt.datetime.now().timestamp())
    day = dt.datetime.fromtimestamp(timestamp)
    days = (today.date() - day.date()).days
    if days <= 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    if days < 7:
        return "Previous 7 days"
    if days < 30:
        return "Previous 30 days"
    return day.strftime("%B %Y")
