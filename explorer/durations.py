"""Durations: the one place that reads them from files and writes them for people.

A duration is a number of seconds (a float). This module owns every way one
is written down:

Reading (:func:`parse`)
    A number of seconds (``90``, ``2.5``, ``"90"``); units in any order, each at
    most once (``90s``, ``1m``, ``5 min``, ``1h30m``, ``2.5m``, ``7d``,
    ``4 days``, ``2w``, ``1 week``, ``2d 3h``); a clock (``05:00`` mm:ss,
    ``00:05:00`` hh:mm:ss, ``2d 03:15:00`` as :func:`clock` shows long waits);
    ISO 8601 (``PT5M``, ``P4D``, ``P1W``, ``P1DT2H30M``). A duration is more
    than zero and at most :data:`MAX_SECONDS` (a year); anything else is a
    ``ValueError`` whose message a person can act on. The loaders add the
    file:line:col.

Writing, by purpose
    - :func:`words`: for people reading a manual, the CLI or the inspector
      (``5 min``, ``1 min 30 s``, ``2 h``, ``1 week 2 days``; German words for
      days and weeks).
    - :func:`compact`: beside the clock mark on the canvas and in exported
      Mermaid (``90 s``, ``5 min``, ``2 h``, ``7 d``).
    - :func:`clock`: session time (``01:05``, ``1:00:05``, ``2d 03:15:00``).
    - :func:`countdown`: time left, rounded up (``1:00``, ``2d 03:15:00``).
    - :func:`to_yaml`: what the scenario writer saves; :func:`parse` reads it
      back to the same number (``6m``, ``1m30s``, ``2d3h``).

Below a day every writer gives exactly what the program showed before this
module existed; days (and weeks, in words) only appear for longer waits. The
writers accept any float and never raise (except :func:`to_yaml`, whose
output must read back), so a strange number can never crash the window.

No Qt: the model, the loaders, the session and the ui all use it.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY

#: The longest duration a file may give (a timeout, a scenario's wait or
#: default timeout): one year of 365 days. Longer waits are surely mistakes,
#: and the bound keeps every sum of durations far from any overflow.
MAX_SECONDS = 365 * DAY

#: Longest piece of the offending text quoted in a message.
_QUOTE_LIMIT = 60

_UNITS: dict[str, int] = {
    "w": WEEK, "wk": WEEK, "wks": WEEK, "week": WEEK, "weeks": WEEK,
    "d": DAY, "day": DAY, "days": DAY,
    "h": HOUR, "hr": HOUR, "hrs": HOUR, "hour": HOUR, "hours": HOUR,
    "m": MINUTE, "min": MINUTE, "mins": MINUTE, "minute": MINUTE, "minutes": MINUTE,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_PART = re.compile(rf"\s*({_NUMBER})\s*([a-z]+)\s*", re.IGNORECASE)
# [[Nd ]hh:]mm:ss, as a clock shows it; seconds may have a fraction.
_CLOCK = re.compile(r"(?:(\d+)\s*d\s+)?(?:(\d+):)?(\d+):([0-5]?\d(?:\.\d+)?)", re.IGNORECASE)
# ISO 8601: PnYnMnWnDTnHnMnS, a decimal fraction (point or comma) allowed.
_ISO_NUMBER = r"\d+(?:[.,]\d+)?"
_ISO = re.compile(
    rf"P(?:(?P<Y>{_ISO_NUMBER})Y)?(?:(?P<Mo>{_ISO_NUMBER})M)?(?:(?P<W>{_ISO_NUMBER})W)?(?:(?P<D>{_ISO_NUMBER})D)?"
    rf"(?:T(?:(?P<H>{_ISO_NUMBER})H)?(?:(?P<Mi>{_ISO_NUMBER})M)?(?:(?P<S>{_ISO_NUMBER})S)?)?",
    re.IGNORECASE,
)
_ISO_FACTORS = {"W": WEEK, "D": DAY, "H": HOUR, "Mi": MINUTE, "S": 1}

HELP = ("use seconds (90) or a duration such as '90s', '5 min', '1h30m', '2.5m', '00:05:00', "
        "'7d', '2w', 'P4D' or 'PT5M'")


# -- reading ---------------------------------------------------------------------------------


def parse(value: Any, *, allow_zero: bool = False) -> float:
    """Seconds from a number of seconds or a duration text (see the module docstring).

    The result is finite, above zero (or zero with ``allow_zero``, for a
    scenario's wait that only fires what is due) and at most
    :data:`MAX_SECONDS`. Anything else raises ValueError; the message names
    the value (shortened when long) and says what would be accepted.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{_quote(value)} is not a duration; {HELP}")
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(f"{_quote(value)} is not a duration (not a number); {HELP}")
    # Decimal is exact for ints of any size, floats and texts, so a huge
    # number is compared with the limit instead of overflowing on its way.
    exact = _parse_text(value) if isinstance(value, str) else Decimal(value)
    if exact > MAX_SECONDS:
        shown = _quote(value)
        if not isinstance(value, str) and not shown.startswith("a number"):
            shown += " seconds"
        raise ValueError(f"a duration may be at most 365 days (1 year), not {shown}")
    if exact < 0 or (exact == 0 and not allow_zero):
        least = "zero or more" if allow_zero else "more than zero"
        raise ValueError(f"a duration must be {least} seconds, not {_quote(value)}")
    return float(exact)


def _parse_text(value: str) -> Decimal:
    text = value.strip()
    if re.fullmatch(_NUMBER, text):
        return Decimal(text)
    clock_match = _CLOCK.fullmatch(text)
    if clock_match:
        return _clock_seconds(value, *clock_match.groups())
    if re.match(r"P[\dT]", text, re.IGNORECASE):
        return _iso_seconds(value, text)
    total, pos, used = Decimal(0), 0, set()
    while pos < len(text):
        part = _PART.match(text, pos)
        if part is None:
            break
        number, unit = part.group(1), part.group(2).lower()
        factor = _UNITS.get(unit)
        if factor is None or factor in used:
            break
        used.add(factor)
        total += Decimal(number) * factor
        pos = part.end()
    if text and pos == len(text):
        return total
    raise ValueError(f"{_quote(value)} is not a duration; {HELP}")


def _clock_seconds(value: str, days: str | None, hours: str | None, minutes: str, seconds: str) -> Decimal:
    if days is not None and hours is None:
        raise ValueError(f"{_quote(value)} is not a duration: after days write the time as hh:mm:ss")
    # Compared as Decimal: int() refuses texts of thousands of digits with a message about ints.
    if hours is not None and Decimal(minutes) >= 60:
        raise ValueError(f"{_quote(value)} is not a duration: minutes must be below 60 in hh:mm:ss")
    if days is not None and hours is not None and Decimal(hours) >= 24:
        raise ValueError(f"{_quote(value)} is not a duration: hours must be below 24 after days")
    return (Decimal(days or 0) * DAY + Decimal(hours or 0) * HOUR + Decimal(minutes) * MINUTE
            + Decimal(seconds))


def _iso_seconds(value: str, text: str) -> Decimal:
    match = _ISO.fullmatch(text)
    parts = match.groupdict() if match else {}
    # "P" and "PT" alone, or a "T" with nothing after it, are not durations.
    empty_time = match is not None and text.upper().endswith("T")
    if match is None or empty_time or not any(parts.values()):
        raise ValueError(f"{_quote(value)} is not an ISO 8601 duration (such as PT5M, P4D, P1W or P1DT2H30M)")
    if parts["Y"] is not None or parts["Mo"] is not None:
        raise ValueError(f"{_quote(value)} is not a duration here: years and months have no fixed length; "
                         "write days or weeks (P30D, P2W)")
    return sum((Decimal(parts[key].replace(",", ".")) * factor
                for key, factor in _ISO_FACTORS.items() if parts[key] is not None), Decimal(0))


def _quote(value: Any) -> str:
    """``repr(value)``, cut to :data:`_QUOTE_LIMIT` characters so a hostile value cannot flood a message."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * _QUOTE_LIMIT:
        # str() of a huge int is slow and, past 4300 digits, refused: estimate its length instead.
        return f"a number of about {round(value.bit_length() * math.log10(2))} digits"
    text = repr(value)
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


# -- writing ---------------------------------------------------------------------------------

#: Words for days and weeks (singular, plural), by language; English for any other.
_LONG_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"week": ("week", "weeks"), "day": ("day", "days")},
    "de": {"week": ("Woche", "Wochen"), "day": ("Tag", "Tage")},
}

#: What the writers show for a number that is no duration at all (never from a loaded file).
INFINITE = "∞"
NOT_A_NUMBER = "?"
#: What :func:`compact` shows for a timeout whose duration is a setting.
SETTING_MARK = "\u2217"


def words(seconds: float, lang: str = "en") -> str:
    """For a reader: ``5 min``, ``1 min 30 s``, ``2 h``; ``3 days 4 h``, ``1 week 2 days`` from a day on."""
    odd = _odd(seconds)
    if odd is not None:
        return odd
    if seconds < 0:
        return "-" + words(-seconds, lang)
    weeks, days, hours, minutes, secs = _split(seconds, weeks=True)
    long = _LONG_UNITS.get(lang, _LONG_UNITS["en"])
    parts = []
    if weeks:
        parts.append(f"{weeks} {long['week'][weeks != 1]}")
    if days:
        parts.append(f"{days} {long['day'][days != 1]}")
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs:g} s")
    return " ".join(parts)


def compact(seconds: float | None, *, hours: bool = True) -> str:
    """Short, for the canvas and Mermaid: ``90 s``, ``5 min``, ``2 h``, ``7 d``, ``1 d 2 h``; ``∗`` for a setting.

    Below a day a duration shows in one unit: whole hours as ``h``, whole
    minutes as ``min``, else seconds. ``hours=False`` keeps whole hours in
    minutes (``60 min``), as the Mermaid export has always written them.
    """
    if seconds is None:
        return SETTING_MARK
    odd = _odd(seconds)
    if odd is not None:
        return odd
    if seconds < 0:
        return "-" + compact(-seconds, hours=hours)
    if seconds >= DAY:
        _, days, hrs, minutes, secs = _split(seconds, weeks=False)
        parts = [f"{days} d"]
        if hrs:
            parts.append(f"{hrs} h")
        if minutes:
            parts.append(f"{minutes} min")
        if secs:
            parts.append(f"{secs:g} s")
        return " ".join(parts)
    if hours and seconds >= HOUR and seconds % HOUR == 0:
        return f"{int(seconds // HOUR)} h"
    if seconds >= MINUTE and seconds % MINUTE == 0:
        return f"{seconds / MINUTE:g} min"
    return f"{seconds:g} s"


def clock(seconds: float, *, hours: bool = True) -> str:
    """Session time, rounded down: ``01:05``, ``1:00:05`` from an hour on, ``2d 03:15:00`` from a day on.

    ``hours=False`` lets the minutes run past 59 below a day (``62:05``), as
    documents and replay messages have always written the time.
    """
    odd = _odd(seconds)
    if odd is not None:
        return odd
    # A hair of float noise (0.9999999 s after ten ticks of 0.1) still counts as the full second.
    return _clock_text(max(0, math.floor(seconds + 1e-6)), hours=hours)


def countdown(seconds: float) -> str:
    """Time left, rounded up so it shows ``0:00`` only when it fires: ``1:00``, ``59:59``, ``2d 03:15:00``."""
    odd = _odd(seconds)
    if odd is not None:
        return odd
    total = max(0, math.ceil(seconds))
    # Days from a wait of a day on (not from 86399.4 rounded up): below a day it reads as it always did.
    if seconds >= DAY:
        return _clock_text(total, hours=True)
    minutes, secs = divmod(total, MINUTE)
    return f"{minutes}:{secs:02d}"


def to_yaml(seconds: float) -> str:
    """Text that :func:`parse` reads back to the same seconds (to the millisecond): ``6m``, ``1m30s``, ``2d3h``, ``0s``.

    Raises ValueError for a negative or non-finite number, which no file can hold.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{seconds!r} seconds cannot be written as a duration")
    if seconds == 0:
        return "0s"
    _, days, hours, minutes, secs = _split(seconds, weeks=False)
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs:g}s")
    return "".join(parts)


def _odd(seconds: float) -> str | None:
    """The text for a number that is no duration (NaN, infinite), so writers never raise."""
    if math.isnan(seconds):
        return NOT_A_NUMBER
    if math.isinf(seconds):
        return INFINITE if seconds > 0 else "-" + INFINITE
    return None


def _split(seconds: float, *, weeks: bool) -> tuple[int, int, int, int, float]:
    """Weeks (0 unless asked), days, hours, minutes and seconds of a finite ``seconds`` >= 0.

    Counted in whole milliseconds: float sums of clock ticks carry noise beyond them.
    """
    millis = round(seconds * 1000)
    week_count, rest = divmod(millis, WEEK * 1000) if weeks else (0, millis)
    days, rest = divmod(rest, DAY * 1000)
    hours, rest = divmod(rest, HOUR * 1000)
    minutes, rest = divmod(rest, MINUTE * 1000)
    return week_count, days, hours, minutes, rest / 1000


def _clock_text(total: int, *, hours: bool) -> str:
    days, rest = divmod(total, DAY)
    hrs, rest = divmod(rest, HOUR)
    minutes, secs = divmod(rest, MINUTE)
    if days:
        return f"{days}d {hrs:02d}:{minutes:02d}:{secs:02d}"
    if not hours:
        return f"{total // MINUTE:02d}:{total % MINUTE:02d}"
    return f"{hrs}:{minutes:02d}:{secs:02d}" if hrs else f"{minutes:02d}:{secs:02d}"
