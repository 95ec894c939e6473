"""How well and how fast mailreg reads mail: per-field precision and recall on the
labelled corpora, the registrations a reading would make that nobody asked for, and
parse + understand time per mail.

    .venv/bin/python bench/reading.py

Parts: tests/corpus (56 mails, two networks), tests/corpus/five (150 mails, five
networks, the development corpus), tests/corpus/six (120 more development mails),
tests/corpus/holdout (50 mails written before the reading was rebuilt),
tests/corpus/holdout2 to tests/corpus/holdout45 (50 each, written in December 2026 by
authors who had read neither the reading code nor the other corpora): measure the
holdouts, never read them to tune. tests/corpus/seven to eightyseven: 120 more development
mails each (thirtythree to eightyseven: 60), by such authors (eleven: threads and mail that
only looks like a sign-up; twelve: how people name an event, with its place configured;
thirteen: chiefs registering several people at once; fourteen: one more ordinary month;
fifteen: the many ways of saying yes and "I have to cancel"; sixteen: who is registered;
seventeen: cancellations, swaps and corrections after a registration; eighteen: the
words of taking part, and mail that uses them without asking for a registration;
nineteen: an ordinary inbox, with weight on the people in a mail; twenty: what a
coordinator acts on without hesitating, in unusual words, and its look-alikes;
twentyone: threads and replies, read with the history quoted below them; twentytwo:
several people and several networks in one mail; twentythree: where a careful
coordinator acts and where she waits; twentyfour: whether the writer herself is one of
the people; twentyfive: the second mail of a conversation with the coordinator;
twentysix: sign-ups that also ask something, and questions that only look like sign-ups;
twentyseven: chiefs registering their people for different networks in their own prose;
twentyeight: giving up a place, and mail that only looks like it; twentynine: the first
days after the invitations went out, over quoted invitations; thirty: the line between a
question and an undecided mail, and between both and a sign-up; thirtyone: clear
sign-ups in the writer's own words, and their look-alikes; thirtytwo: words that name an
event outside the request, in banners, titles, footers and small talk; thirtythree:
replies in threads that change, cancel or move a registration; thirtyfour: events that
are not ours, and ours named where they decide nothing; thirtyfive: chiefs, secretaries
and colleagues writing about others in the third person; thirtysix: absences that are no
cancellations, and cancellations that are; thirtyseven: names and organisations as real
signatures give them; thirtyeight: firm decisions in soft words, and soft words that
decide nothing; thirtynine: absences and cancellations for the one-day events and the
meetings of a series; forty: chiefs and secretaries who registered others write again;
fortyone: mail full of sign-up words that asks to register nobody; fortytwo: the people
of a sign-up in every shape lists and signatures take; fortythree: questions, decisions
and everything between; fortyfour: sign-ups that also ask something; fortyfive: doubts,
conditions and where they stand; fortysix: the people of a mail in odd layouts;
fortyseven: mail typed or dictated on the move; fortyeight: who a reply in a thread is
about; fortynine: replies to a reminder of all five events, and events mixed up; fifty:
mail not written to the coordinator alone; fiftyone: answers typed into the quoted mail,
and filled-in forms; fiftytwo: people named in running prose; fiftythree: sounds like a
sign-up, and is not (and the reverse); fiftyfour: changes after signing up; fiftyfive:
mail a mail program or server made around a sign-up, and persons' mail that looks like
it; fiftysix: many languages and many Danishes; fiftyseven: second thoughts and
corrections inside one mail or right after; fiftyeight: the invoice, EAN numbers and who
pays; fiftynine: full events, waiting lists, deadlines and late mail; sixty: mail of a
few words; sixtyone: one mail, several libraries; sixtytwo: people around the events who
are not signing up; sixtythree: practical questions beside a sign-up, a cancellation or a
change; sixtyfour: yes in the writer's own words, and its look-alikes; sixtyfive: the
question comes first; sixtysix: the people of a sign-up as chiefs and secretaries write them;
sixtyseven: how many, and who: we, both, all of us; sixtyeight: an ordinary month from West
Jutland, Bornholm and the small islands; sixtynine: replies whose people only the thread
names; seventy: the second mail, after a confirmation; seventyone: who gives up a place,
the writer, others or both; seventytwo: colleagues named by their first name only;
seventythree: a writer registered already who adds others; seventyfour: colleagues in To
and Cc named by first name, and those copied only to know; seventyfive: an ordinary month
from East Jutland and the Triangle area; seventysix: clear mail that only looks uncertain,
and its uncertain look-alikes; seventyseven: mail written in a hurry, mostly on phones;
seventyeight: one person in, another out, and plans that changed; seventynine: answers to
the coordinator's own questions; eighty: an ordinary month from North Jutland; eightyone:
long, busy mails where the sign-up is one part; eightytwo: English and mixed-language mail;
eightythree: replies to a confirmation that put something right; eightyfour: cancellations
and changes made by others, and partial ones; eightyfive: answers to the coordinator's
questions and offers; eightysix: an ordinary month from Central and West Jutland;
eightyseven: mail written on phones and in a hurry).
Last, the phrase banks tests/corpus/phrases to phrases5: dev.tsv (tuned against) and
holdout.tsv (measured only), one sentence at a time.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import corpus_tools  # noqa: E402
from corpus_tools import ARRIVAL, COORDINATOR, OWN, cases, checked, networks  # noqa: E402

from mailreg.reading import intent, message  # noqa: E402
from mailreg.reading import networks as networks_module  # noqa: E402
from mailreg.reading.guard import machine_reason  # noqa: E402
from mailreg.reading.intent import judge, weigh  # noqa: E402
from mailreg.reading.message import parse  # noqa: E402
from mailreg.reading.understand import understand  # noqa: E402

CORPUS = corpus_tools.ROOT
PARTS = {"corpus": CORPUS} | {name: CORPUS / name for name in (
    "five", "six", "holdout", "holdout2", "seven", "eight", "nine", "ten", "holdout3",
    "holdout4", "holdout5", "eleven", "twelve", "thirteen", "fourteen", "holdout6", "holdout7",
    "holdout8", "holdout9", "fifteen", "sixteen", "holdout10", "seventeen", "holdout11",
    "holdout12", "eighteen", "nineteen", "holdout13", "twenty", "twentyone", "holdout14",
    "twentytwo", "twentythree", "holdout15", "twentyfour", "twentyfive", "holdout16",
    "holdout17", "twentysix", "twentyseven", "twentyeight", "twentynine", "holdout18",
    "thirty", "thirtyone", "thirtytwo", "thirtythree", "thirtyfour",
    "thirtyfive", "holdout19", "holdout20", "thirtysix", "thirtyseven", "holdout21", "thirtyeight",
    "thirtynine", "forty", "fortyone", "holdout22", "holdout23", "fortytwo", "fortythree",
    "holdout24", "holdout25", "holdout26", "fortyfour", "fortyfive", "fortysix", "fortyseven",
    "fortyeight", "holdout27", "fortynine", "holdout28", "holdout29", "fifty", "fiftyone",
    "fiftytwo", "fiftythree", "fiftyfour", "holdout30", "holdout31", "fiftyfive", "fiftysix",
    "fiftyseven", "holdout32", "fiftyeight", "fiftynine", "holdout33", "sixty", "sixtyone",
    "sixtytwo", "holdout34", "holdout35", "sixtythree", "holdout36", "sixtyfour", "holdout37",
    "holdout38", "sixtyfive", "sixtysix", "sixtyseven", "holdout39", "holdout40", "sixtyeight",
    "sixtynine", "seventy", "holdout41", "seventyone", "seventytwo", "holdout42",
    "seventythree", "seventyfour", "seventyfive", "holdout43", "seventysix", "seventyseven",
    "holdout44", "seventyeight", "seventynine", "eighty", "eightyone", "eightytwo",
    "holdout45", "eightythree", "eightyfour", "eightyfive", "eightysix", "eightyseven")}
REPEATS = 5


def cold() -> None:
    """Forget what the reading caches about mail it has seen, so each run reads every
    mail as new (the tables built from the config stay, as in a poll)."""
    for function in (intent.sentences, intent._weigh_sentence, networks_module._weigh,
                     message._decode_words, message._valid_addresses):
        function.cache_clear()


def speed(folder: Path, raws: list[bytes] | None = None) -> float:
    """Least of REPEATS runs, in ms per mail: the run least disturbed by other load."""
    raws = raws or [c.read_bytes() for c in cases(folder)]
    nets = networks(folder)
    best = float("inf")
    for _ in range(REPEATS):
        cold()
        start = time.perf_counter()
        for raw in raws:
            mail = parse(raw, ARRIVAL)
            if not machine_reason(mail, OWN):
                understand(mail, nets, COORDINATOR)
        best = min(best, (time.perf_counter() - start) / len(raws) * 1000)
    return best


def main() -> int:
    logging.getLogger("mailparser").setLevel(logging.ERROR)  # its notes on odd parts
    print(f"{'part':<9}{'mails':>6}  " + "  ".join(f"{f:>14}" for f in (
        "intent", "networks", "participants", "review")) + "   unasked/made  uncalled/made"
          "   checks   ms/mail")
    for name, folder in PARTS.items():
        read = checked(folder)
        cells = "  ".join(f"{read.table[f].precision:>6.3f}/{read.table[f].recall:<7.3f}"
                          for f in ("intent", "networks", "participants", "review"))
        print(f"{name:<9}{len(cases(folder)):>6}  {cells}   {read.unasked:>4}/{read.made:<7} "
              f"{read.uncalled:>4}/{read.cancelled:<7} {read.held:>7.3f}  {speed(folder):>6.2f}")
    from throughput import signup_mail

    signups = [signup_mail(i)[0] for i in range(300)]
    print(f"{'the throughput benchmark sign-ups':<33}{len(signups):>6}{'':>94}"
          f"{speed(CORPUS, signups):>6.2f}")
    print("cells are precision/recall; unasked: registrations the reading would make "
          "that the label does not ask for; uncalled: cancellations it would carry out that "
          "the label does not ask for; checks: the share of fields (intent, networks, "
          "participants, EAN problem, language, review) read as labelled; ms/mail: parse + "
          "understand, each mail read as new")
    for bank in ("phrases", "phrases2", "phrases3", "phrases4", "phrases5"):  # one at a time
        for name in ("dev", "holdout"):
            rows = [line.split("\t", 1) for line in (CORPUS / bank / f"{name}.tsv").read_text(
                encoding="utf-8").splitlines() if line.strip()]
            right = sum(str(judge(weigh(text))[0] or "unclear") == label for label, text in rows)
            print(f"{bank} {name}: intent of {right} of {len(rows)} sentences read as labelled "
                  f"({right / len(rows):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
