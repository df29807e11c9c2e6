"""dates: the two date forms episodes carry — the RFC 3339 publication date an episode keeps
(``--pubdate``, first render) and the RFC 2822 form feeds show. Pure.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

from .errors import ConfigError


def rfc2822(iso: str) -> str:
    """RFC 2822 date with the right weekday.

    >>> rfc2822("2026-11-28T03:50:00+00:00")
    'Sat, 28 Nov 2026 03:50:00 +0000'
    """
    return format_datetime(datetime.fromisoformat(iso).astimezone(timezone.utc)).replace("-0000", "+0000")


def pub_date(when: str) -> str:
    """An episode's publication date from ``--pubdate``: ``now``, an ISO date or date-time (UTC unless it says).

    >>> pub_date("2026-11-27")
    '2026-11-27T00:00:00+00:00'
    >>> pub_date("2026-11-27T14:30+01:00")
    '2026-11-27T14:30:00+01:00'
    >>> pub_date("9999-12-31T23:59-05:00")
    Traceback (most recent call last):
    ...
    newscast.core.errors.ConfigError: --pubdate '9999-12-31T23:59-05:00' is outside the years 1970-9000 feeds and podcast apps can show; use now or a real date
    """
    if when == "now":
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    try:
        parsed = datetime.fromisoformat(when)
    except ValueError:
        raise ConfigError(f"--pubdate {when!r} is not a date; use now, 2026-11-27 or 2026-11-27T14:30+01:00") from None
    parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).replace(microsecond=0)
    try:
        year = parsed.astimezone(timezone.utc).year
    except OverflowError:  # the last day of year 9999 behind UTC is past the last date Python has
        year = parsed.year
    if not 1970 <= year <= 9000:
        raise ConfigError(f"--pubdate {when!r} is outside the years 1970-9000 feeds and podcast apps can show; "
                          "use now or a real date")
    return parsed.isoformat()
