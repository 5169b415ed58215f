"""The time zones a person picks from: today's zones of each country, grouped by region,
the zones of their site's country first.

The list is the time-zone database's `zone.tab` (from the `tzdata` package, so that it
does not depend on the machine's files): one line per country and zone, current names
only. Python's `zoneinfo.available_timezones()` lists about 600 names, with the old
aliases kept for compatibility (Africa/Asmera, Egypt, US/Pacific, Etc/GMT+5), which
nobody should have to scroll past.

Each zone is named by its city and its country in the reader's language ("Paris ·
France", "Londres · Royaume-Uni"; the city's name from CLDR, through Babel, where CLDR has
one in that language); a city that is its country (Singapore) is named once. A zone is
listed once: the zones of the person's country under it, not again under their region. The
search box also finds a zone by its city and country in the other language (Londres and
London), by the old names that now point to it (`tzdata.zi`'s links: Montreal finds
Toronto, Calcutta Kolkata, Kiev Kyiv) and by a few large cities that are no zone's name
(`BIG_CITIES`: Mumbai finds Kolkata), which the select carries in each option's `data-also`
(people/forms.py, static/js/zone-search.js, which also reads offsets as typed: "UTC-05",
"+5:30", "GMT").

Pages and emails name a person's zone the same way (`label`, and `{{ zone|zone_label }}`
from `{% load zones %}`), never by its raw name.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

REGIONS: dict[str, Promise] = {
    "Europe": _("Europe"),
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Indian": _("Indian Ocean"),
    "Australia": _("Australia"),
    "Pacific": _("Pacific Ocean"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
}
UTC = "UTC"
LANGUAGES = ("en", "fr")
# Large cities that are neither a zone's name nor an old name of one, as people type them
# in either language: the search box finds their zone by them.
BIG_CITIES: dict[str, tuple[str, ...]] = {
    "Asia/Kolkata": ("Mumbai", "Bombay", "Delhi", "New Delhi", "Bangalore", "Bengaluru",
                     "Chennai", "Hyderabad", "Pune"),
    "Asia/Shanghai": ("Beijing", "Pékin", "Shenzhen", "Guangzhou", "Canton"),
    "America/New_York": ("Washington", "Boston", "Miami", "Atlanta", "Philadelphia"),
    "America/Los_Angeles": ("San Francisco", "Seattle", "San Diego"),
    "America/Chicago": ("Houston", "Dallas", "Austin"),
    "Europe/Paris": ("Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Nice"),
    "Europe/Berlin": ("Munich", "München", "Frankfurt", "Francfort", "Hamburg", "Hambourg"),
    "Europe/Rome": ("Milan", "Milano", "Turin", "Naples"),
    "Europe/Madrid": ("Barcelona", "Barcelone", "Valencia", "Seville", "Séville"),
    "Europe/Zurich": ("Geneva", "Genève", "Basel", "Bâle", "Bern", "Berne", "Lausanne"),
    "Europe/London": ("Manchester", "Edinburgh", "Édimbourg", "Birmingham"),
    "Asia/Tokyo": ("Osaka", "Kyoto", "Yokohama"),
    "America/Sao_Paulo": ("Rio de Janeiro", "Brasilia", "Brasília"),
    "Asia/Jerusalem": ("Tel Aviv",),
    "Asia/Dubai": ("Abu Dhabi",),
    "Australia/Sydney": ("Canberra",),
    "America/Toronto": ("Ottawa", "Québec", "Quebec"),
}  # fmt: skip


@dataclass(frozen=True)
class Zone:
    name: str  # "America/Argentina/Buenos_Aires"
    country: str  # "AR"
    english_country: str
    also: tuple[str, ...] = ()  # the cities of the old names linked to it ("Montreal")

    @property
    def region(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def city(self) -> str:
        return self.name.rsplit("/", 1)[-1].replace("_", " ")

    def label(self, now: datetime) -> str:
        """“Buenos Aires · Argentine · UTC−03:00”, “Londres · Royaume-Uni · UTC+00:00” in
        the active language."""
        country = str(countries.name(self.country)) or self.country
        if self.city == self.english_country:
            place = country
        else:
            place = f"{city_name(self.name, translation.get_language() or 'en')} · {country}"
        return f"{place} · {utc_offset(self.name, now)}"


@cache
def city_name(name: str, language: str) -> str:
    """The zone's city in `language` where CLDR names it (“Londres”, “Vienne”), else as the
    database writes it (“Buenos Aires”)."""
    default = name.rsplit("/", 1)[-1].replace("_", " ")
    try:
        cities = Locale.parse(language.split("-")[0]).time_zones
    except (ValueError, LookupError):
        return default
    return cities.get(name, {}).get("city") or default


def label(name: str, at: datetime | None = None) -> str:
    """A person's zone as the picker names it, in the active language, with its offset at
    `at` (now by default): “Toronto · Canada · UTC−05:00”. Pages and emails show this, never
    the raw name (“America/Toronto”). UTC and an old name the picker no longer lists are
    named plainly (“Coordinated Universal Time (UTC)”, “Montreal · UTC−05:00”)."""
    at = at or datetime.now().astimezone()
    if not name or name == UTC:
        return str(_("Coordinated Universal Time (UTC)"))
    zone = _by_name().get(name)
    if zone is not None:
        return zone.label(at)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    try:
        return f"{city} · {utc_offset(name, at)}"
    except (KeyError, ValueError, OSError):  # not a zone at all: shown as stored
        return name


@cache
def _by_name() -> dict[str, Zone]:
    return {zone.name: zone for zone in reversed(zones())}


def utc_offset(name: str, now: datetime) -> str:
    offset = now.astimezone(ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def zones() -> tuple[Zone, ...]:
    """Every current zone of zone.tab, once per country that uses it."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = []
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _coordinates, name, *_comment = line.split("\t")
        rows.append((code, name))
    old = _old_names({name for _code, name in rows})
    return tuple(
        Zone(
            name=name,
            country=code,
            english_country=_english_name(code),
            also=tuple(old.get(name, ())),
        )
        for code, name in rows
    )


def _old_names(current: set[str]) -> dict[str, list[str]]:
    """{"America/Toronto": ["Montreal", ...]}: the cities of the region/city links of the
    database that are no zone of their own today."""
    data = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    old: dict[str, list[str]] = {}
    for line in data.splitlines():
        if not line.startswith("L "):
            continue
        _kind, target, alias = line.split()[:3]
        if alias in current or alias.split("/", 1)[0] not in REGIONS or "/" not in alias:
            continue
        city = alias.rsplit("/", 1)[-1].replace("_", " ")
        if city != target.rsplit("/", 1)[-1].replace("_", " "):
            old.setdefault(target, []).append(city)
    return old


def search_words(name: str) -> str:
    """What else the search box finds a zone by, whatever the reader's language: its city
    and country in each language ("London Londres United Kingdom Royaume-Uni"), its old
    names' cities ("Montreal") and the large cities it serves (`BIG_CITIES`: "Mumbai")."""
    if name == UTC:
        return "GMT Greenwich"
    return _search_words().get(name, "")


@cache
def _search_words() -> dict[str, str]:
    words = {}
    for zone in zones():
        names: list[str] = []
        for language in LANGUAGES:
            names.append(city_name(zone.name, language))
            with translation.override(language):
                names.append(str(countries.name(zone.country)))
        names += [*zone.also, *BIG_CITIES.get(zone.name, ())]
        words[zone.name] = " ".join(dict.fromkeys(name for name in names if name))
    return words


def _english_name(code: str) -> str:
    with translation.override("en"):
        return str(countries.name(code))


def is_current(name: str) -> bool:
    return name == UTC or any(zone.name == name for zone in zones())


def choices(
    country: str = "", current: str = "", now: datetime | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: the zones of `country` first, then each region's other
    zones (each zone once), by label in the active language; `current` stays pickable even
    if it is an old name."""
    now = now or datetime.now().astimezone()
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    mine: list[Zone] = []
    if country:
        mine = [zone for zone in zones() if zone.country == country]
        if mine:
            name = countries.name(country) or country
            groups.append(
                (
                    str(_("In %(country)s") % {"country": name}),
                    _sorted((zone.name, zone.label(now)) for zone in mine),
                )
            )
    for region, title in REGIONS.items():
        members = [zone for zone in zones() if zone.region == region and zone not in mine]
        if members:
            groups.append((str(title), _sorted((zone.name, zone.label(now)) for zone in members)))
    other = [(UTC, _("Coordinated Universal Time (UTC)"))]
    if current and not is_current(current):
        other.append((current, current.replace("_", " ")))
    groups.append((str(_("Other")), [(value, str(label)) for value, label in other]))
    return groups


def _sorted(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(items, key=lambda item: slugify(item[1]))
