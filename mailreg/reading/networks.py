"""Which configured networks a text names, as weighed evidence (weights and word
lists kept as data in `lexicon/networks.toml`): every word of a network's name and
aliases is a term, weighed by how specific it is to that network and how ordinary it
is; the whole name or an alias, the date of the first meeting (its month alone when no
other network meets then: "mødet i marts"), and the place where it meets (its
configured `location`) said as the place one goes to ("mødet i Roskilde",
"Aalborg-konferencen", "på Nordkraft") weigh most. An everyday word ("kommunen",
"området", "netværket") never names a network on its own, nor does a town said as
where the writer is ("vi i Roskilde", "Roskilde Bibliotek").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from mailreg.domain.model import Evidence, Network

LEXICON = Path(__file__).resolve().parent / "lexicon" / "networks.toml"
TRANSLIT = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e",
            "è": "e", "á": "a"}
TOKEN = re.compile(r"[a-z0-9]+")
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "may": 5, "jun": 6, "jul": 7,
          "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12}
# (a day and a month in digits need a sign between them: "kl. 15" is no 1/5)
DATE = re.compile(r"\b(\d{1,2})\s*(?:(?:\.\s*|/\s*|-\s*)(\d{1,2})\b|(?:\.\s*|-\s*)?"
                  r"(jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*)")
# a date written month first, as English mail writes it: "June 3rd", "May 12"
MONTH_FIRST = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)([a-z]*)\.?\s+"
                         r"(\d{1,2})(?:st|nd|rd|th)?\b")
# after a term, what makes a compound or an inflection: "hverdagsledelsesnetværket"
SUFFIX = re.compile(
    r"^(?:|e|en|et|s|s?(?:netvaerk|network|forloeb|gruppe|moede|kurs|konferenc|seminar|dag)\w*)$")


@cache
def lexicon() -> dict:
    with LEXICON.open("rb") as f:
        return tomllib.load(f)


def normalise(text: str) -> str:
    """Case-folded, æøå spelled out, so "baeredygtighed" matches "bæredygtighed"."""
    text = unicodedata.normalize("NFC", text).casefold()
    # str.replace per letter, not str.translate: translate with a dict is about ten
    # times slower, and this runs on every clause, subject and quoted history.
    for letter, spelled in TRANSLIT.items():
        text = text.replace(letter, spelled)
    return text


@dataclass(frozen=True)
class Term:
    word: str  # a token, or a whole phrase (tokens joined by spaces)
    kind: str  # phrase, distinctive, event, everyday
    weight: int


def _made_of(word: str, stems: Sequence[str], endings: Sequence[str]) -> bool:
    """Whether the word is only these stems, joined by an optional "s", with an ending:
    "mellemledernetvaerket" is made of "mellem", "leder", "netvaerk" and "et"."""
    if word in endings:
        return True
    for stem in stems:
        if word.startswith(stem):
            rest = word[len(stem):]
            if _made_of(rest, stems, endings) or (
                    rest.startswith("s") and rest != "s" and _made_of(rest[1:], stems,
                                                                    endings)):
                return True
    return False


def _kind(word: str) -> str:
    words = lexicon()["words"]
    endings = words["endings"]
    if _made_of(word, words["everyday"], endings):
        return "everyday"
    if _made_of(word, words["everyday"] + words["event"], endings):
        return "event"
    return "distinctive"


@lru_cache(maxsize=64)
def terms(key: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[Term, ...]]:
    """Per network: its phrases, and the words only it uses with their weights (a word
    two networks share tells them apart no better than a stopword)."""
    weights, stop = lexicon()["weights"], set(lexicon()["words"]["stopwords"])
    phrases = {slug: [" ".join(TOKEN.findall(normalise(t))) for t in names]
               for slug, names in key}
    own = {slug: {w for p in ps for w in p.split() if w not in stop}
           for slug, ps in phrases.items()}
    result = {}
    for slug, mine in own.items():
        others = set().union(*(w for s, w in own.items() if s != slug))
        found = [Term(p, "phrase", weights["phrase"]) for p in phrases[slug] if p]
        for word in sorted(mine - others):
            kind = _kind(word)
            found.append(Term(word, kind, weights[kind]))
        result[slug] = tuple(found)
    return result


def _stem(word: str) -> str:
    """A name's word without its ending, so that every form of it matches: the alias
    "strategikonferencen" names "konference" and "konferencer" too."""
    for ending in ("erne", "ene", "en", "et", "er", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def _matches(token: str, term: Term) -> bool:
    """A token is the term's word, inflected or compounded; a distinctive word of five
    letters or more may also carry one typo (two from twelve letters: "hverdagsleldese")."""
    word = term.word
    if token == word:
        return True
    if len(token) < len(word) - 1 or token[0] != word[0]:
        return False
    if term.kind != "distinctive" or len(word) < 5:
        stem = _stem(word)
        return token.startswith(stem) and token[len(stem):] in lexicon()["words"]["endings"]
    head = _head(word)  # "hverdagsnetværket": the compound's own part, another ending
    if head and token.startswith(head) and SUFFIX.match(token[len(head):]):
        return True
    from rapidfuzz.distance import OSA

    limit = 1 if len(word) < 12 else 2
    return any(SUFFIX.match(token[cut:]) and OSA.distance(token[:cut], word) <= limit
               for cut in (len(word) - 1, len(word), len(word) + 1))


@cache
def _head(word: str) -> str:
    """The distinctive part of a compound that ends in an everyday word: "hverdags" of
    "hverdagsledelse"; "" when the word is not such a compound."""
    for stem in lexicon()["words"]["everyday"]:
        at = word.rfind(stem)
        if at >= 5 and word[at:].startswith(stem) and word[at:] in (
                stem + e for e in lexicon()["words"]["endings"]):
            return word[:at]
    return ""


def _split(word: str, tokens: Sequence[str]) -> str:
    """A compound said in its parts, near each other: "ledelse i hverdagen" and
    "hverdagens ledelse" for "hverdagsledelse"; "" when it is not."""
    head = _head(word)
    if not head:
        return ""
    stem, rest = head.removesuffix("s"), _stem(word[len(head):])
    firsts = [i for i, t in enumerate(tokens) if t.startswith(stem)]
    lasts = [i for i, t in enumerate(tokens) if t.startswith(rest) and t != word]
    near = next(((i, j) for i in firsts for j in lasts if 0 < abs(i - j) <= 3), None)
    return " ".join(tokens[min(near):max(near) + 1]) if near else ""


def _spoken_apart(term: Term, tokens: Sequence[str]) -> str:
    """A distinctive word dictated or typed in pieces ("bære dygtig hed", "hver dags
    ledelse"): two or three tokens in a row that make it when joined; "" otherwise."""
    for i, first in enumerate(tokens):
        if first[0] != term.word[0] or len(first) >= len(term.word) - 1:
            continue
        for parts in (tokens[i:i + 2], tokens[i:i + 3]):
            if len(parts) > 1 and _matches("".join(parts), term):
                return " ".join(parts)
    return ""


@cache
def _english() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"\b{re.escape(normalise(words))}\b"), normalise(danish))
                 for words, danish in lexicon()["english"].items())


def _in_danish(text: str) -> str:
    """English words for the networks' own Danish ones ("the sustainability network" is
    "baeredygtighed"), so that English mail names a network as Danish mail does; a date
    written month first ("june 3rd") day first, as DATE reads it."""
    if not any(c in text for c in "aeiou"):  # a digit or a sign: nothing to translate
        return text
    text = MONTH_FIRST.sub(r"\3 \1\2", text)
    for pattern, danish in _english():
        if pattern.search(text):
            text = pattern.sub(danish, text)
    return text


# a day without its month: "den 10.", "d. 10"
DAY = re.compile(r"\b(?:den|d\.)\s*(\d{1,2})\b\.?(?!\s*(?:[/.-]\s*\d|[a-zæøå]))", re.I)


def other_day(text: str, networks: Sequence[Network]) -> str:
    """A day the text names that is none of these networks' first meetings ("Jeg kan
    deltage den 10." in answer to a meeting on the 27th): the words, else ""."""
    meetings = [m for m in (getattr(n, "first_meeting", None) for n in networks)
                if isinstance(m, date)]
    normal = _in_danish(normalise(text))
    days = {(int(d), 0) for d in DAY.findall(text)} | _dates(normal)
    if not meetings or not days or any(
            (m.day, month) in days for m in meetings for month in (0, m.month)):
        return ""
    # (the words as the normalised text writes them: "12 Maj", "the 12th of May")
    return next(m.group(0) for m in (*DAY.finditer(text), *DATE.finditer(normal)))


def an_events_day(text: str, networks: Sequence[Network]) -> bool:
    """Whether the text writes the day of a one-day event ("afbud til konferencen den 12.
    maj"): that day is the event itself, not one meeting of a series."""
    days = _dates(_in_danish(normalise(text)))
    return any((first.day, first.month) in days for n in networks
               if getattr(n, "kind", "series") == "event"
               and isinstance(first := getattr(n, "first_meeting", None), date))


def other_date(text: str, networks: Sequence[Network]) -> str:
    """The first date (a day and a month) the text writes that is none of these networks'
    days ("CB-ledermødet den 13. marts" beside a meeting on 27 March), else ""."""
    normal = _in_danish(normalise(text))
    days = {(f.day, f.month) for n in networks
            if isinstance(f := getattr(n, "first_meeting", None), date)}
    for match in DATE.finditer(normal):
        if _dates(match.group(0)) - days:
            return match.group(0)
    return ""


def _dates(text: str) -> set[tuple[int, int]]:
    """(day, month) of the dates a text writes: "22. april", "22/4", "d. 22.04"."""
    found = set()
    for day, month, name in DATE.findall(text):
        number = int(month) if month else MONTHS[name[:3]]
        if 1 <= int(day) <= 31 and 1 <= number <= 12:
            found.add((int(day), number))
    return found


@lru_cache(maxsize=64)
def places(location: str) -> tuple[tuple[str, bool], ...]:
    """(word, whether it is a town) for a network's location, normalised: its town
    ("9000 Aalborg" -> "aalborg") and a venue named apart from it ("Nordkraft", "Dokk1");
    a venue that is a town's library ("Roskilde Bibliotek") says no more than the town."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    towns = [normalise(m.group(1)) for part in parts  # "9000 Aalborg", "DK-7100 Vejle"
             for m in [re.match(r"^(?:[A-Z]{1,3}-?)?\d{4}\s+(\S+)", part)] if m]
    venue = " ".join(TOKEN.findall(normalise(parts[0]))) if parts else ""
    venues = [venue] if venue and not re.search(r"\d{3}", parts[0]) and not any(
        t in towns or _kind(t) != "distinctive" for t in venue.split()) else []
    return tuple(dict.fromkeys([(t, True) for t in towns] + [(v, False) for v in venues]))


@cache
def _place_pattern(place: str) -> re.Pattern[str]:
    """Where a text speaks of the place as where one goes: "til Aalborg", "mødet i
    Roskilde", "dagen i Vejle", "den i Aalborg", "Aalborg-konferencen", "på Nordkraft",
    or gives it as a whole answer on a line of its own ("1) Roskilde"); not "vi i
    Roskilde", "Roskilde Bibliotek" or "Aalborg Kommune"."""
    event = "|".join(lexicon()["words"]["event"] + lexicon()["places"]["event"])
    name = re.escape(place).replace(r"\ ", r"\s+")
    return re.compile(
        rf"(?:\b(?:til|to|paa|at)\s+|\b(?:(?:{event})\w*|den|the\s+one)\s+(?:i|in|paa|at)\s+)"
        rf"(?:{name})\b"
        rf"(?!\s+(?:{'|'.join(lexicon()['places']['own'])}))"
        rf"|\b(?:{name})\s*-?\s*(?:{event})"
        rf"|^[^\w\n]*(?:\d{{1,2}}\s*[.):]\s*)?(?:{name})[^\w\n]*$", re.M)


def _at(place: str, town: bool, normal: str) -> bool:
    """A venue is named wherever it stands ("Hvor ligger Nordkraft?"); a town only as
    where one goes."""
    if place not in normal:
        return False
    if not town:
        return re.search(rf"\b{re.escape(place)}\b", normal) is not None
    return bool(_place_pattern(place).search(normal))


MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
               "september", "oktober", "november", "december")
ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")


@cache
def _month_pattern(month: int) -> re.Pattern[str]:
    """Where a text speaks of the month as an event's ("netværket der starter i juni",
    "mødet i marts", "den i juni", "the June meeting"); not "på ferie i juni"."""
    words = lexicon()["words"]
    event = "|".join(words["event"] + lexicon()["places"]["event"] + words["series"])
    names = "|".join(dict.fromkeys((MONTH_NAMES[month - 1], ENGLISH_MONTHS[month - 1])))
    return re.compile(
        rf"\b(?:(?:{event})\w*|den|det|one)\s+(?:(?:der|som|that|which)\s+)?"
        rf"(?:(?:starter|begynder|ligger|er|holdes|afholdes|starts|begins|is)\s+)?"
        rf"(?:i|in)\s+(?:{names})\b|\b(?:{names})\s*-?\s*(?:{event})")


def weigh(text: str, networks: Sequence[Network]) -> dict[str, tuple[Evidence, ...]]:
    """The evidence for each network the text names at all (slug -> its terms found)."""
    if not text:
        return {}
    return _weigh(text, _key(networks), _meetings(networks))


@cache
def _owner() -> re.Pattern[str]:
    return re.compile(lexicon()["others"]["owner"])


def _without_others_events(text: str) -> str:
    """The text without another organiser's events ("Kulturministeriets konference" is
    not our conference)."""
    return _owner().sub(lambda m: " " * len(m.group(0)), text) if "s " in text else text


def _meetings(networks: Sequence[Network]
              ) -> tuple[tuple[str, date | None, int, tuple[tuple[str, bool], ...]], ...]:
    return _own_meetings(tuple((n.slug, getattr(n, "first_meeting", None),
                                getattr(n, "location", "") or "") for n in networks))


@lru_cache(maxsize=64)
def _own_meetings(configured: tuple[tuple[str, date | None, str], ...]
                  ) -> tuple[tuple[str, date | None, int, tuple[tuple[str, bool], ...]], ...]:
    """Per network: its first meeting, the month that is its own, and the places that
    are its own. A month or a town two networks share tells them apart no better than
    a stopword ("dagen i Vejle" when two networks meet in Vejle names neither). Cached:
    every clause of every mail is weighed against the same networks."""
    located = [places(location) for _slug, _first, location in configured]
    months = [f.month if isinstance(f, date) else 0 for _slug, f, _location in configured]
    return tuple(
        (slug, first, month if months.count(month) == 1 else 0,
         tuple(p for p in where if sum(p[0] in (q for q, _ in w) for w in located) == 1))
        for (slug, first, _location), month, where in zip(configured, months, located,
                                                          strict=True))


@lru_cache(maxsize=1024)
def _weigh(text: str, key: tuple[tuple[str, tuple[str, ...]], ...],
           meetings: tuple[tuple[str, date | None, int, tuple[tuple[str, bool], ...]], ...]
           ) -> dict[str, tuple[Evidence, ...]]:
    """Cached: a mail's sentences, clauses and whole text are asked about in turn."""
    normal = _in_danish(normalise(_without_others_events(text)))
    tokens = TOKEN.findall(normal)
    padded = f" {' '.join(tokens)} "
    by_letter: dict[str, list[str]] = {}
    for token in set(tokens):
        by_letter.setdefault(token[0], []).append(token)
    dates = _dates(normal) if any(t.isdigit() for t in tokens) else set()
    found: dict[str, tuple[Evidence, ...]] = {}
    for slug, meeting, month, where in meetings:
        evidence: list[Evidence] = []
        for term in terms(key)[slug]:
            if term.kind == "phrase":
                token = term.word if f" {term.word} " in padded else ""
            else:
                token = next((t for t in by_letter.get(term.word[0], ())
                              if len(t) >= len(term.word) - 1 and _matches(t, term)), "")
            if not token and term.kind == "distinctive":
                token = _split(term.word, tokens) or _spoken_apart(term, tokens)
            if token and not any(e.text == token for e in evidence):  # one word counts once
                evidence.append(Evidence("network", slug, term.kind, term.weight, token))
        if isinstance(meeting, date) and (meeting.day, meeting.month) in dates:
            evidence.append(Evidence("network", slug, "date", lexicon()["weights"]["date"],
                                     meeting.isoformat()))
        if month and _month_pattern(month).search(normal):
            evidence.append(Evidence("network", slug, "month", lexicon()["weights"]["date"],
                                     MONTH_NAMES[month - 1]))
        evidence += [Evidence("network", slug, "place", lexicon()["weights"]["place"], place)
                     for place, town in where if _at(place, town, normal)]
        if evidence:
            found[slug] = tuple(evidence)
    return found


def score(evidence: Sequence[Evidence]) -> int:
    """A network's evidence summed; a phrase counts once with the words in it."""
    phrases = [e for e in evidence if e.kind == "phrase"]
    inside = {w for e in phrases for w in e.text.split()}
    return sum(e.weight for e in evidence if e.kind == "phrase" or e.text not in inside)


def named(text: str, networks: Sequence[Network]) -> dict[str, tuple[Evidence, ...]]:
    """The networks whose evidence in the text reaches `enough`, with that evidence."""
    enough = lexicon()["enough"]
    return {slug: ev for slug, ev in weigh(text, networks).items() if score(ev) >= enough}


def _key(networks: Sequence[Network]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((n.slug, (n.name, *n.aliases)) for n in networks)
