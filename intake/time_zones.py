"""The time zone question: a short list of common zones, grouped by region, named by the
country in the family's language, its city and its current offset from UTC.

What is stored is always the IANA name (Europe/Madrid). Any real IANA zone is accepted,
so a zone the browser guessed, or one saved before, still fits when it is not listed."""

import zoneinfo
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

ALL_ZONES = frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})

# (IANA name, ISO country): where most of the families we hear from live.
COMMON_ZONES = [
    (
        _("Europe"),
        [
            ("Europe/London", "GB"),
            ("Europe/Dublin", "IE"),
            ("Europe/Lisbon", "PT"),
            ("Europe/Madrid", "ES"),
            ("Atlantic/Canary", "ES"),
            ("Europe/Paris", "FR"),
            ("Europe/Brussels", "BE"),
            ("Europe/Amsterdam", "NL"),
            ("Europe/Berlin", "DE"),
            ("Europe/Zurich", "CH"),
            ("Europe/Rome", "IT"),
            ("Europe/Vienna", "AT"),
            ("Europe/Warsaw", "PL"),
            ("Europe/Stockholm", "SE"),
            ("Europe/Athens", "GR"),
            ("Europe/Bucharest", "RO"),
            ("Europe/Kyiv", "UA"),
            ("Europe/Istanbul", "TR"),
            ("Europe/Moscow", "RU"),
        ],
    ),
    (
        _("Middle East and Africa"),
        [
            ("Africa/Casablanca", "MA"),
            ("Africa/Algiers", "DZ"),
            ("Africa/Lagos", "NG"),
            ("Africa/Cairo", "EG"),
            ("Africa/Johannesburg", "ZA"),
            ("Africa/Nairobi", "KE"),
            ("Asia/Jerusalem", "IL"),
            ("Asia/Beirut", "LB"),
            ("Asia/Amman", "JO"),
            ("Asia/Riyadh", "SA"),
            ("Asia/Dubai", "AE"),
            ("Asia/Tehran", "IR"),
        ],
    ),
    (
        _("Asia"),
        [
            ("Asia/Karachi", "PK"),
            ("Asia/Kolkata", "IN"),
            ("Asia/Dhaka", "BD"),
            ("Asia/Bangkok", "TH"),
            ("Asia/Ho_Chi_Minh", "VN"),
            ("Asia/Jakarta", "ID"),
            ("Asia/Shanghai", "CN"),
            ("Asia/Hong_Kong", "HK"),
            ("Asia/Taipei", "TW"),
            ("Asia/Singapore", "SG"),
            ("Asia/Manila", "PH"),
            ("Asia/Seoul", "KR"),
            ("Asia/Tokyo", "JP"),
        ],
    ),
    (
        _("Oceania"),
        [
            ("Australia/Perth", "AU"),
            ("Australia/Sydney", "AU"),
            ("Pacific/Auckland", "NZ"),
        ],
    ),
    (
        _("Americas"),
        [
            ("America/Sao_Paulo", "BR"),
            ("America/Argentina/Buenos_Aires", "AR"),
            ("America/Santiago", "CL"),
            ("America/Bogota", "CO"),
            ("America/Lima", "PE"),
            ("America/Caracas", "VE"),
            ("America/Mexico_City", "MX"),
            ("America/New_York", "US"),
            ("America/Chicago", "US"),
            ("America/Denver", "US"),
            ("America/Los_Angeles", "US"),
            ("America/Toronto", "CA"),
            ("America/Vancouver", "CA"),
        ],
    ),
]
LISTED = frozenset(name for _region, zones in COMMON_ZONES for name, _country in zones)


def utc_offset(name: str, now: datetime | None = None) -> str:
    """ "UTC+05:30" for the zone's offset now (summer time included)."""
    offset = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def city(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(name: str, country: str | None = None, now: datetime | None = None) -> str:
    place = f"{countries.name(country)} ({city(name)})" if country else city(name)
    return f"{place}, {utc_offset(name, now)}"


def time_zone_choices(*, also: str | None = None, now: datetime | None = None) -> list:
    """The grouped choices, in the language being read. `also` adds a valid zone that is
    not listed (one saved earlier, or the browser's own), so it shows as chosen."""
    groups = []
    for region, zones in COMMON_ZONES:
        options = [(name, zone_label(name, country, now)) for name, country in zones]
        groups.append((region, sorted(options, key=lambda option: option[1])))
    if also and also in ALL_ZONES and also not in LISTED:
        groups.append((_("Other"), [(also, zone_label(also, now=now))]))
    return groups
