"""Which of a mail's networks each of its people asks for, when they ask for different
ones: "Rikke Lund (rilu@...) deltager i netværksmødet ... / Jonas Brandt (jobr@...) tager
kursusdagen", a table's network column, a list item with its network on the next line,
"jeg til netværksmødet og Sofie Lauridsen til formidlingskurset".

Each sentence is read as a row of mentions: people (by address, name, a first name only
she has, "jeg" for the writer, "begge to" for all) and the networks named between them.
Networks go to the people named just before them ("Malene Kvist (makv@...) til
netværksmødet"); in a sentence that names them first, to the people after them
("Tilmelding til hverdagsledelse: Rikke Bjerg og Tobias Lund"); on a line of their own, to
the people of the line above ("1. Birgit Holm, biho@...\\n   Hverdagsledelse"); as a
heading ("Hverdagsledelse:"), to the people on the lines under it. Networks named for
someone who is no participant ("Min chef deltager i konferencen") are nobody's here; a
request that names networks and no one ("Vi tilmelder følgende til konferencen:") is
everyone's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mailreg.domain.model import Network, Person
from mailreg.reading.intent import ME, WRAPPED, weigh, word_list
from mailreg.reading.networks import named
from mailreg.reading.people import LEAD_WORDS, NAME_RE, looks_like_name

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[^a-zæøå\s])")
# the clauses of a chunk, each passed over or not on its own ("Jeg er allerede med i
# hverdagsledelse – og kommer også gerne til konferencen")
ASIDE_PART = re.compile(r"\s[–—]\s|[,;]\s*(?=men\b|but\b|og\b|and\b|som\b|who\b)|\s(?=men\s|but\s)"
                        # the end of a clause about her: "..., som allerede er tilmeldt
                        # hverdagsledelse, vil også gerne til konferencen"
                        r"|,\s+(?=(?:vil|skal|kommer|deltager|will|would)\b)")
NOT_LISTED = -1  # the writer where she is no participant
EVERYONE = re.compile(r"\b(?:begge\s+to|os\s+begge|dem\s+begge|vi\s+begge|de\s+(?:to|tre|fire|fem)"
                      r"|begge(?=\s+(?:vil|skal|kommer|deltager|tager)\b)|alle\s+(?:to|tre"
                      r"|fire|fem)|both\s+of\s+(?:us|them)|all\s+(?:three|four|of\s+(?:us|them)))\b",
                      re.I)
# someone who is not among the people: "min chef", "vores souschef", "Mia til kursusdagen"
ROLE = re.compile(r"\b(?:min|mit|mine|vores|hans|hendes|my|our)\s+(?:\w+\s+)?\w*(?:chef|leder"
                  r"|direktør|kolleg\w*|medarbejder\w*|manager|colleague)\b", re.I)
FIRST_NAME = re.compile(r"(?:(?<=[,:;]\s)|(?<=\bog\s))[A-ZÆØÅ][a-zæøå]+(?=\s+(?:til|tager"
                        r"|deltager|skal|kommer|vil|også|desuden|to|takes|will|joins|also)\b)")
# a row of a table of crosses ("Maiken Sørup  maso@...  X        X"): which column is
# which network this reading cannot tell
CROSS_ROW = re.compile(r"^.*\S@\S+.*\s[xX✓✔](?=\s|$)", re.M)
PRONOUN = re.compile(r"\b(?:hun|han|she|he)\b", re.I)
LIST_ITEM = re.compile(r"^\s*(?:[-•*–·]|\d{1,2}[.)])\s")
# "jeg og Malene", "Anders og mig", "Bo & I": the writer one of those named, not their sender
TOGETHER = re.compile(r"^\s*(?:,|og|samt|and|&)\s*$", re.I)
NOT_A_NAME = LEAD_WORDS | {"det", "der", "den", "de", "du", "hun", "han", "man", "i", "it", "they",
                          "he", "she", "there", "this", "that", "you", "faktura", "ean"}
ASIDE = (word_list("passed_over"), word_list("declines"), word_list("negation"))


@dataclass
class _Reading:
    found: dict[int, set[str]] = field(default_factory=dict)
    everyone: set[str] = field(default_factory=set)
    elsewhere: set[str] = field(default_factory=set)  # named for someone not among them
    last: list[int] = field(default_factory=list)  # the one "hun" or "han" means next

    def give(self, who: list[int], slugs: set[str]) -> None:
        for i in who:
            self.found.setdefault(i, set()).update(slugs)


def networks_by_person(text: str, networks: Sequence[Network], slugs: Sequence[str],
                       people: list[Person], sender: str) -> list[Person] | None:
    """The people, each with the networks her part of the text asks for (one alone: the
    mail's, less those it names for someone else); unchanged when the text gives no one a
    network of her own; None when it cannot tell who goes where (someone is left with
    none, the writer asks for herself and is no participant, or a table of crosses)."""
    if CROSS_ROW.search(text):
        return None
    reading = _Reading()
    above: list[int] = []  # the people a line ended with, no network after them
    heading: set[str] = set()  # "Hverdagsledelse:" over the people who go there
    items_only = False  # a heading without a colon heads the list items under it only
    lines = WRAPPED.sub(" ", text).splitlines()
    for n, line in enumerate(lines):
        mentioned = _mentions(line, people, sender)
        if not mentioned and not _aside(line) and (titled := set(named(line, networks))) and (
                line.rstrip().endswith(":") or _heads_a_list(lines, n)):
            heading, above, items_only = titled, [], not line.rstrip().endswith(":")
            continue
        if items_only and line.strip() and not LIST_ITEM.match(line):
            heading = set()  # ("Alle tre er teamledere." under the last list)
        if heading:
            reading.give(sorted({i for _, _, who in mentioned if who for i in who}), heading)
        for sentence in SENTENCE.split(line):
            above = _read_sentence(sentence, networks, people, sender, reading, above)
    if NOT_LISTED in reading.found:  # she asks for her own and is not among them
        return None
    if len(people) == 1:  # "Vores chef er med i arbejdsgruppen bag konferencen ..."
        hers = set(slugs) - (reading.elsewhere - reading.found.get(0, set()))
        return None if not hers else people if hers == set(slugs) else [
            replace(people[0], networks=tuple(sorted(hers)))]
    if not reading.found:  # networks only for others: which is hers, if any, is not said
        return None if reading.elsewhere else people
    own = [reading.found.get(i, set()) | reading.everyone for i in range(len(people))]
    shared = {frozenset(s) for s in own if s}
    if len(shared) == 1:  # no split evident: "... Min kollega Bo (bo@...) vil også gerne med"
        own = [s or set(next(iter(shared))) for s in own]
    if not all(own):
        return None
    return [replace(p, networks=tuple(sorted(s))) for p, s in zip(people, own, strict=True)]


def _heads_a_list(lines: list[str], n: int) -> bool:
    """A short line of its own, a blank line above it and a list under it: a heading
    ("\nHverdagsledelse\n\n  *   Rikke Skov – risk@..."), not the network of the list item
    just above ("1. Birgit Holm, biho@...\n   Hverdagsledelse")."""
    below = next((x for x in lines[n + 1:] if x.strip()), "")
    return (n == 0 or not lines[n - 1].strip()) and len(lines[n].split()) <= 8 and not (
        re.search(r"[.!?]\s*$", lines[n])) and bool(LIST_ITEM.match(below))


def _read_sentence(sentence: str, networks: Sequence[Network], people: list[Person],
                   sender: str, reading: _Reading, above: list[int]) -> list[int]:
    """Give the networks of one sentence to its people; the people it ends with when no
    network follows them (for the line below), else []."""
    mentions = _mentions(sentence, people, sender, reading.last)
    if mentions:
        who = mentions[-1][2]
        reading.last = who if who is not None and len(who) == 1 else []
    if not mentions:  # a list item's network under its person, or the next of her list
        slugs = set() if _aside(sentence) else set(named(sentence, networks))
        if slugs and above:
            reading.give(above, slugs)
        elif slugs and _requests(sentence):
            reading.everyone |= slugs
        return above
    cuts = [0, *(end for _, end, _ in mentions)]
    starts = [start for start, _, _ in mentions] + [len(sentence)]
    group: list[int] = []
    someone_else = False
    waiting: set[str] = set()  # networks named before anyone in the sentence
    for i, (cut, start) in enumerate(zip(cuts, starts, strict=True)):
        chunk = sentence[cut:start]
        slugs = {slug for part in ASIDE_PART.split(chunk) if not _aside(part)
                 for slug in named(part, networks)}
        if i > 0:  # the mention before this chunk
            who = mentions[i - 1][2]
            if who is None:
                someone_else = True
            else:
                group = _joined(group, who, sentence, mentions, i - 1, sender, people)
        if not slugs:
            continue
        if group:
            reading.give(group, slugs)
        elif someone_else:
            reading.elsewhere |= slugs
        elif i == 0:
            waiting |= slugs
        group, someone_else = [], False
    if waiting:  # "Til konferencen vil jeg gerne tilmelde Bo ...": Bo
        later: list[int] = []
        for at, (_, _, who) in enumerate(mentions):
            if who is not None:
                later = _joined(later, who, sentence, mentions, at, sender, people,
                                again=False)
        if later:
            reading.give(later, waiting)
        elif above:
            reading.give(above, waiting)
        elif _requests(sentence):
            reading.everyone |= waiting
    return group


def _joined(group: list[int], who: list[int], sentence: str,
            mentions: list[tuple[int, int, list[int] | None]], at: int, sender: str,
            people: list[Person], again: bool = True) -> list[int]:
    """The group of people a network after them goes to, one more named: the writer's
    "jeg" does not join others she sends ("jeg sender vores souschef Malene ...") unless
    named beside them ("jeg og Malene"); one named again, not just her address after her
    name, begins a group of her own ("... sender vi Lene Bork og Gitte Fabricius, og Lene
    skal også med til konferencen"), except among those a network named first goes to
    (`again` False)."""
    writer = [i for i, p in enumerate(people) if p.email == sender] or [NOT_LISTED]
    if again and at > 0 and set(who) <= set(group) and re.search(
            r"\w", sentence[mentions[at - 1][1] : mentions[at][0]]):
        return list(who)
    if at > 0:
        between = sentence[mentions[at - 1][1] : mentions[at][0]]
        if not TOGETHER.match(between):
            group = [i for i in group if i not in writer or who == writer]
    return list(dict.fromkeys(group + who))


def _mentions(sentence: str, people: list[Person], sender: str, last: list[int] | None = None
              ) -> list[tuple[int, int, list[int] | None]]:
    """(start, end, people) of each mention of people in a sentence, in order; people None
    for someone who is no participant; "hun" or "han" the one named last before it ("Ditte
    Frølund ... skal med i netværket om hverdagsledelse. Hun vil også gerne med på
    kursusdagen")."""
    found: list[tuple[int, int, list[int] | None]] = []
    lowered = sentence.casefold()
    firsts = [p.name.split()[0] for p in people if p.name]
    for i, person in enumerate(people):
        keys = [person.email or "", person.name or ""]
        if person.name and firsts.count(person.name.split()[0]) == 1:
            keys.append(person.name.split()[0])
        for key in filter(None, keys):
            for m in re.finditer(rf"(?<![\w@.-]){re.escape(key.casefold())}(?![\w@-])", lowered):
                found.append((m.start(), m.end(), [i]))
    writer = [i for i, p in enumerate(people) if p.email == sender] or [NOT_LISTED]
    for m in ME.finditer(sentence):
        found.append((m.start(), m.end(), writer))
    for m in EVERYONE.finditer(sentence):
        found.append((m.start(), m.end(), list(range(len(people)))))
    named_here = [(s, e) for s, e, who in found if who and who != writer]
    for m in [*ROLE.finditer(sentence), *FIRST_NAME.finditer(sentence),
              *NAME_RE.finditer(sentence)]:
        if m.re is NAME_RE and (len(m.group(0).split()) < 2 or not looks_like_name(m.group(0))):
            continue
        if m.re is not ROLE and m.group(0).split()[0].casefold() in NOT_A_NAME:
            continue
        if any(m.start() < e and s < m.end()  # a participant's name
               or m.end() <= s and len(sentence[m.end() : s].split()) <= 1  # or her title
               for s, e in named_here):  # ("vores souschef Malene Kvist")
            continue
        found.append((m.start(), m.end(), None))
    found.sort(key=lambda f: (f[0], -f[1]))
    found = [f for j, f in enumerate(found) if not any(
        g[0] <= f[0] and f[1] <= g[1] and g != f for g in found[:j])]
    for m in PRONOUN.finditer(sentence):  # the one named just before, here or in the last
        before = [who for start, _, who in found if start < m.start()]  # sentence
        one = before[-1] if before else last
        if one and len(one) == 1:
            found.append((m.start(), m.end(), one))
    return sorted(found, key=lambda f: f[0])


def _aside(chunk: str) -> bool:
    """A chunk that passes a network over, is in it already or says not, and asks nothing."""
    return any(p.search(chunk) for p in ASIDE) and not _requests(chunk)


def _requests(text: str) -> bool:
    return any(e.kind in ("signup", "request", "swap") for e in weigh(text).evidence)
