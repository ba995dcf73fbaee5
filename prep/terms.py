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
    # Where the word is also an everyday one (Arabic اجتماع is any meeting), the first use on a
    # page is found with these narrower patterns instead of `match`.
    first_use: tuple[re.Pattern, ...] = ()

    def first_in(self, text: str) -> re.Match | None:
        found = [m for pattern in (self.first_use or self.match) for m in [pattern.search(text)] if m]
        return min(found, key=lambda m: m.start(), default=None)

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
    general: bool = False  # "conference": part of other terms ("review conference"), which go first

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
            lang: Rendering(value["say"], tuple(_compile(m) for m in value["match"]), value.get("note", ""),
                            tuple(_compile(m) for m in value.get("first_use", ())))
            for lang, value in entry.items() if isinstance(value, dict)
        }
        terms.append(Term(term_id, entry["english"], _compile(entry["pattern"]), " ".join(entry["note"].split()),
                          bool(entry.get("bracket")), renderings, bool(entry.get("general"))))
    exceptions = tuple(Exception_(e["term"], tuple(e["langs"]), e["message"], e["why"])
                       for e in data.get("exceptions", []))
    return TermBase(tuple(terms), exceptions, data.get("style", {}), data.get("plurals", {}))


# The rest of a word after a match ("konferencj" -> "konferencji"): letters and joining marks.
_WORD_REST = re.compile(r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0dff\u200c'’-]*")
_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")


def _phrase_end(text: str, found: re.Match, say: str) -> int:
    """Where the term ends: the rest of the matched word, then the approved rendering's
    following words if the text goes on with them ("ایڈووکیسی" + "ورکر"), in any inflection."""
    end = found.end() + len(_WORD_REST.match(text, found.end()).group())
    wanted = say.lower().split()
    last = text[found.start():end].lower().split()[-1:]
    position = next((i for i, word in enumerate(wanted) if last and word[:3] == last[0][:3]), None)
    for word in wanted[position + 1:] if position is not None else ():
        following = re.match(r"\s+(\S+)", text[end:])
        if not following or following.group(1).lower()[:3] != word[:3]:
            break
        end += following.end() - len(following.group(1)) + len(_WORD_REST.match(text, end + following.start(1)).group())
    return end


def english_at_first_use(markup: str, lang: str, base: TermBase | None = None) -> str:
    """Put the English of each key term parents hear in the room, in brackets, after its
    first use in this HTML ("rzecznik <span lang="en">(advocate)</span>"), unless the
    translation already gives it. Only text between tags is touched; the HTML is our own
    (guides), never a parent's answers."""
    base = base or load()
    # The general "conference" last, so "review conference" claims its words first.
    candidates = sorted((t for t in base.terms if t.bracket and lang in t.renderings),
                        key=lambda t: (t.general, -len(t.english)))
    general_words = {t.english.split()[-1].lower() for t in candidates if t.general}
    done: set[str] = set()
    parts = _TAG_OR_TEXT.split(markup)
    for index, part in enumerate(parts):
        if not part or part.startswith("<") or len(done) == len(candidates):
            continue
        claimed: list[tuple[int, int, bool]] = []  # words given to a term here; is it a compound?
        inserts: list[tuple[int, str]] = []
        for term in candidates:
            if term.id in done:
                continue
            found = term.renderings[lang].first_in(part)
            if found is None:
                continue
            done.add(term.id)
            end = _phrase_end(part, found, term.renderings[lang].say)
            # A general term near a compound's words belongs to it ("konferencja przeglądowa").
            near = lambda compound: 30 if term.general and compound else 0  # noqa: E731
            after = re.match(r"\s*\(([^()]{1,60})\)", part[end:])
            if any(start - near(c) < end and found.start() < stop + near(c) for start, stop, c in claimed) \
                    or term.in_english(found.group()) or (after and term.in_english(after.group(1))):
                continue  # inside a longer term, or the English is already there
            compound = not term.general and term.english.split()[-1].lower() in general_words
            claimed.append((found.start(), end, compound))
            inserts.append((end, f' <span lang="en" dir="ltr">({term.english})</span>'))
        for position, text in sorted(inserts, reverse=True):
            part = part[:position] + text + part[position:]
        parts[index] = part
    return "".join(parts)
