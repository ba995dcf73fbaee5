"""The term base (translations/terms.toml): the key words, what they mean, and how
each language must say them. Read by the term test and the review kit."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

TERMS_FILE = Path(__file__).resolve().parent.parent / "translations" / "terms.toml"


@dataclass(frozen=True)
class Rendering:
    say: str  # the approved word, as a reader sees it
    match: tuple[re.Pattern, ...]  # any of these in a translation counts as using it
    note: str = ""

    def used_in(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self.match)


@dataclass(frozen=True)
class Term:
    id: str
    english: str
    pattern: re.Pattern  # finds the term in an English message
    note: str
    bracket: bool  # parents hear the English word: give it in brackets at first use on a page
    renderings: dict[str, Rendering] = field(default_factory=dict)

    def in_english(self, text: str) -> bool:
        return bool(self.pattern.search(text))


@dataclass(frozen=True)
class Exception_:
    term: str
    langs: tuple[str, ...]
    message: str  # the start of the English message
    why: str

    def covers(self, term: str, lang: str, msgid: str) -> bool:
        return term == self.term and ("*" in self.langs or lang in self.langs) and msgid.startswith(self.message)


@dataclass(frozen=True)
class TermBase:
    terms: tuple[Term, ...]
    exceptions: tuple[Exception_, ...]
    style: dict  # "note" for all languages, and per-language notes
    plurals: dict  # per language: order of CLDR categories, and word forms per category

    def style_notes(self, lang: str) -> list[str]:
        notes = [self.style.get("note", "")]
        notes.append(self.style.get(lang, {}).get("note", ""))
        return [" ".join(n.split()) for n in notes if n]

    def terms_in(self, english: str) -> list[Term]:
        return [term for term in self.terms if term.in_english(english)]

    def missing(self, lang: str, english: str, translation: str) -> list[Term]:
        """Key terms the English uses whose approved rendering the translation lacks."""
        return [term for term in self.terms_in(english)
                if lang in term.renderings and not term.renderings[lang].used_in(translation)
                and not any(e.covers(term.id, lang, english) for e in self.exceptions)]


def _compile(text: str) -> re.Pattern:
    return re.compile(text, re.IGNORECASE)


@functools.cache
def load(path: Path = TERMS_FILE) -> TermBase:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    terms = []
    for term_id, entry in data["terms"].items():
        renderings = {
            lang: Rendering(value["say"], tuple(_compile(m) for m in value["match"]), value.get("note", ""))
            for lang, value in entry.items() if isinstance(value, dict)
        }
        terms.append(Term(term_id, entry["english"], _compile(entry["pattern"]), " ".join(entry["note"].split()),
                          bool(entry.get("bracket")), renderings))
    exceptions = tuple(Exception_(e["term"], tuple(e["langs"]), e["message"], e["why"])
                       for e in data.get("exceptions", []))
    return TermBase(tuple(terms), exceptions, data.get("style", {}), data.get("plurals", {}))
