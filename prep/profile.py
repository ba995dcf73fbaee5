"""The council's profile: one TOML file per deployment.

It holds what differs between councils: the name, phone numbers, timescales,
the nation (for bank holidays), languages offered, how long drafts are kept,
the PDF marking, where quick exit goes and the header colour. The path comes
from COUNCIL_PROFILE; profiles/england.toml (generic, names no council) is the
default. Every value is checked when the app starts: a bad one stops it with a
single line naming the key, so a typo never reaches a parent.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from .config import ConfigError
from .i18n import BY_CODE, DEFAULT

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
DEFAULT_PROFILE = PROFILES / "england.toml"

# The UK nations the `holidays` package knows, by the subdivision code it uses.
NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
HEADER_TEXT = "#ffffff"  # the header's text colour; the brand colour must contrast with it
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text
_PHONE = re.compile(r"^[0-9 +()\-]{0,30}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Phones:
    social_care: str = ""
    out_of_hours: str = ""
    conference_team: str = ""
    complaints: str = ""
    family_advice_line: str = "0808 801 0366"  # Family Rights Group, national

    def tel(self, number: str) -> str:
        """For a tel: link."""
        return re.sub(r"[^0-9+]", "", number)


@dataclass(frozen=True)
class Timescales:
    # (default, smallest, largest) are in RANGES below.
    report_days_initial: int = 2  # working days before an initial or pre-birth conference
    report_days_review: int = 5  # working days before a review conference
    decision_letter_working_days: int = 1
    core_group_working_days: int = 10
    minutes_working_days: int = 15
    first_review_months: int = 3
    later_review_months: int = 6


RANGES = {
    "report_days_initial": (1, 15), "report_days_review": (1, 15), "decision_letter_working_days": (0, 10),
    "core_group_working_days": (1, 30), "minutes_working_days": (1, 60),
    "first_review_months": (1, 12), "later_review_months": (1, 12),
}


@dataclass(frozen=True)
class Sending:
    """Sending the statement to the conference team (prep/sending.py)."""

    conference_team_email: str = ""  # where statements go; required when MAIL_SERVER is set
    # "Also send a copy to my social worker" accepts only addresses on these domains (and
    # their subdomains); empty: the page does not offer a copy.
    allowed_domains: tuple[str, ...] = ()
    send_by_working_days: int = 1  # "Send your statement by": working days before the meeting
    give_up_hours: int = 24  # stop trying (and tell the parent) this long after they pressed Send

    def allows(self, address: str) -> bool:
        domain = address.rpartition("@")[2].lower()
        return any(domain == d or domain.endswith("." + d) for d in self.allowed_domains)


@dataclass(frozen=True)
class Profile:
    name: str = ""  # empty: the generic profile names no council
    nation: str = "england"
    brand_colour: str = "#0b0c0c"
    phones: Phones = field(default_factory=Phones)
    timescales: Timescales = field(default_factory=Timescales)
    languages: tuple[str, ...] = tuple(BY_CODE)
    confidentiality_marking: str = "Confidential"
    exit_url: str = "https://www.bbc.co.uk/weather"
    draft_idle_days: int = 28
    draft_days_after_conference: int = 14
    sending: Sending = field(default_factory=Sending)
    source: str = ""

    @property
    def holiday_subdivision(self) -> str:
        return NATIONS[self.nation]

    def config_values(self) -> dict:
        """The Flask settings this profile decides."""
        return {
            "LANGUAGES": list(self.languages), "CONFIDENTIALITY_MARKING": self.confidentiality_marking,
            "EXIT_URL": self.exit_url, "DRAFT_IDLE_DAYS": self.draft_idle_days,
            "DRAFT_DAYS_AFTER_CONFERENCE": self.draft_days_after_conference,
        }


# --- reading and checking ------------------------------------------------------
class _Problem(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


def load(path: str | Path | None = None) -> Profile:
    """Read and check a profile; ConfigError with one line if anything is wrong."""
    path = Path(path) if path else DEFAULT_PROFILE
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"council profile {path} does not exist (check COUNCIL_PROFILE)") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"council profile {path} is not valid TOML: {err}") from None
    try:
        return _read(raw, str(path))
    except _Problem as problem:
        raise ConfigError(f"council profile {path}: {problem.key}: {problem.message}") from None


def _read(raw: dict, source: str) -> Profile:
    _only(raw, {"council", "phones", "timescales", "service", "drafts", "sending"}, "")
    council = _table(raw, "council")
    _only(council, {"name", "nation", "brand_colour"}, "council")
    phones = _table(raw, "phones")
    _only(phones, {f.name for f in fields(Phones)}, "phones")
    times = _table(raw, "timescales")
    _only(times, set(RANGES), "timescales")
    service = _table(raw, "service")
    _only(service, {"languages", "confidentiality_marking", "exit_url"}, "service")
    drafts = _table(raw, "drafts")
    _only(drafts, {"idle_days", "days_after_conference"}, "drafts")
    sending = _table(raw, "sending")
    _only(sending, {f.name for f in fields(Sending)}, "sending")

    default = Profile()
    nation = _text(council, "nation", "council", default.nation, 20)
    if nation not in NATIONS:
        raise _Problem("council.nation", f"must be one of {', '.join(NATIONS)}, not {nation!r}")
    return Profile(
        name=_text(council, "name", "council", default.name, 80),
        nation=nation,
        brand_colour=_colour(council, default.brand_colour),
        phones=Phones(**{f.name: _phone(phones, f.name, f.default) for f in fields(Phones)}),
        timescales=Timescales(**{key: _int(times, key, "timescales", getattr(default.timescales, key), *RANGES[key])
                                 for key in RANGES}),
        languages=_languages(service, default.languages),
        confidentiality_marking=_text(service, "confidentiality_marking", "service",
                                      default.confidentiality_marking, 60, required=True),
        exit_url=_url(service, default.exit_url),
        draft_idle_days=_int(drafts, "idle_days", "drafts", default.draft_idle_days, 1, 365),
        draft_days_after_conference=_int(drafts, "days_after_conference", "drafts",
                                         default.draft_days_after_conference, 0, 365),
        sending=_sending(sending),
        source=source,
    )


_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _sending(table) -> Sending:
    default = Sending()
    email = _text(table, "conference_team_email", "sending", default.conference_team_email, 254)
    local, at, domain = email.rpartition("@")
    if email and not (at and local and _DOMAIN.match(domain.lower()) and " " not in email and "<" not in email):
        raise _Problem("sending.conference_team_email", f"must be one email address, like "
                       f"cp-conferences@example-council.gov.uk, not {email!r}")
    domains = table.get("allowed_domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise _Problem("sending.allowed_domains", 'must be a list of domains, e.g. ["example-council.gov.uk"]')
    cleaned = []
    for value in domains:
        domain = value.strip().lower().lstrip("@")
        if not _DOMAIN.match(domain):
            raise _Problem("sending.allowed_domains", f"{value!r} is not a domain like example-council.gov.uk")
        cleaned.append(domain)
    return Sending(
        conference_team_email=email, allowed_domains=tuple(cleaned),
        send_by_working_days=_int(table, "send_by_working_days", "sending", default.send_by_working_days, 0, 15),
        give_up_hours=_int(table, "give_up_hours", "sending", default.give_up_hours, 1, 24 * 14),
    )


def _only(table: dict, allowed: set, where: str) -> None:
    for key in table:
        if key not in allowed:
            name = f"{where}.{key}" if where else key
            raise _Problem(name, f"is not a setting this app knows (allowed: {', '.join(sorted(allowed))})")


def _table(raw: dict, name: str) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise _Problem(name, "must be a table, e.g. [" + name + "]")
    return value


def _text(table, key, where, default, limit, required=False) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise _Problem(f"{where}.{key}", "must be text in quotes")
    value = value.strip()
    if required and not value:
        raise _Problem(f"{where}.{key}", "must not be empty")
    if len(value) > limit or any(ord(ch) < 32 for ch in value):
        raise _Problem(f"{where}.{key}", f"must be one line of at most {limit} characters")
    return value


def _int(table, key, where, default, low, high) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Problem(f"{where}.{key}", "must be a whole number")
    if not low <= value <= high:
        raise _Problem(f"{where}.{key}", f"must be between {low} and {high}, not {value}")
    return value


def _phone(table, key, default) -> str:
    value = _text(table, key, "phones", default, 30)
    if not _PHONE.match(value) or (value and sum(ch.isdigit() for ch in value) < 3):
        raise _Problem(f"phones.{key}", f"must be a phone number (digits, spaces, + and brackets), not {value!r}")
    return value


def _languages(table, default) -> tuple[str, ...]:
    value = table.get("languages", list(default))
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise _Problem("service.languages", 'must be a list of language codes, e.g. ["en", "cy"]')
    unknown = [code for code in value if code not in BY_CODE]
    if unknown:
        raise _Problem("service.languages", f"{unknown[0]!r} is not offered; choose from {', '.join(BY_CODE)}")
    if DEFAULT not in value:
        raise _Problem("service.languages", f'must include "{DEFAULT}" (English is the chair\'s language)')
    if len(set(value)) != len(value):
        raise _Problem("service.languages", "lists a language twice")
    # Keep the app's own order so the language chooser is the same everywhere.
    return tuple(code for code in BY_CODE if code in value)


def _url(table, default) -> str:
    value = _text(table, "exit_url", "service", default, 300, required=True)
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise _Problem("service.exit_url", f"must be a full https:// address, not {value!r}")
    return value


def _colour(table, default) -> str:
    value = _text(table, "brand_colour", "council", default, 7)
    if not _COLOUR.match(value):
        raise _Problem("council.brand_colour", f'must be a colour written like "#1d70b8", not {value!r}')
    ratio = contrast_ratio(value, HEADER_TEXT)
    if ratio < MIN_CONTRAST:
        raise _Problem("council.brand_colour",
                       f"{value} is too light behind the white header text: contrast {ratio:.1f}:1, "
                       f"it needs at least {MIN_CONTRAST}:1")
    return value.lower()


def contrast_ratio(one: str, two: str) -> float:
    """WCAG 2.2 contrast ratio between two #rrggbb colours."""
    def luminance(colour: str) -> float:
        def channel(hex_pair: str) -> float:
            c = int(hex_pair, 16) / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
