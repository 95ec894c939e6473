"""What a writer typed into the coordinator's mail she quotes instead of above it.

Outlook marks a reply written into the quoted mail with the writer's name ("[Birgit
Holm] Kursusdagen i Vejle"); others write "SVAR:" before each answer, or just under each
question, tick a form's boxes ("[X] Netværksmøde 2 ...") or fill in its fields ("Navn:
..."). The coordinator sends her questions, boxes and fields empty, so what stands in
them in her quoted mail is the writer's: it is read as part of the new text.
"""

from __future__ import annotations

import re

from mailreg.domain.model import Coordinator
from mailreg.reading.people import FORM_FIELD, GREETING, fold
from mailreg.reading.quoting import QuotedMail

BOX = re.compile(r"^\s*(?:\[[^\]\n]{0,3}\]|\(\s*[xX]?\s*\)|[☐☒☑✅])")
# an option left unticked: "☐ Konference ...", "[ ] Netværksmøde 2 ...", "( ) Kursusdag"
UNTICKED = re.compile(r"^\s*(?:\[ ?\]|\( ?\)|[☐□❏])")
TICKED = re.compile(r"^\s*(?:\[\s*[xX✓✔✗]\s*\]|[☒☑✅✔✓]|\(\s*[xX]\s*\))\s*(?P<rest>\S.*)$")
ANSWER = re.compile(r"^\s*(?:svar|answer)\s*:\s*(?P<rest>\S.*)$", re.I)
DESCRIBED = re.compile(r"\s[–—-]\s")  # "[X] Ledelse af bæredygtighed – tre netværksmøder ..."
BOLD = re.compile(r"\*[^*\n]+\*")  # bold, as mail programs write it in plain text
ENDS = (".", "?", "!", ":", ")")  # a line that ends its sentence: the next is not its rest
MARKED = re.compile(r"^\s*\[(?P<mark>[^\]\n]{2,40})\]\s*:?\s*(?P<rest>\S.*)$")


def typed_in(mails: list[QuotedMail], writer: str, address: str,
             coordinator: Coordinator | None, pointed_to: bool) -> list[str]:
    """The lines the writer typed into the coordinator's quoted mail, newest mail first:
    her marked comments and answers, the boxes she ticked under the line that heads them,
    and, with any of those or where her new text points below, the fields she filled."""
    if coordinator is None:
        return []
    for quoted in mails:
        author = quoted.author.casefold()
        if not (coordinator.address.casefold() in author or coordinator.name.casefold() in author):
            continue
        lines = quoted.text.split("\n")
        answers = [a for i, line in enumerate(lines) if (a := _answer(lines, i, writer, address))]
        fields = [fold(line) for line in lines if FORM_FIELD.match(line)]
        if pointed_to:  # "Mine svar står med blåt": what stands under each of her questions
            answers += [line.strip().strip("*") for i, line in enumerate(lines)
                        if _under_question(lines, i)]
        if answers or (fields and pointed_to):
            return list(dict.fromkeys(answers + fields))
    return []


def _answer(lines: list[str], i: int, writer: str, address: str) -> str:
    line = lines[i]
    marked = MARKED.match(line)
    if marked and _hers(marked.group("mark"), writer, address):
        return marked.group("rest").strip()
    answer = ANSWER.match(line)
    if answer:
        return answer.group("rest").strip()
    ticked = TICKED.match(line)
    if ticked:  # the box's name, not its description, under its heading ("Jeg tilmelder mig:")
        head = next((x.strip() for x in reversed(lines[:i]) if x.strip() and not BOX.match(x)), "")
        name = DESCRIBED.split(ticked.group("rest"))[0].strip()
        return f"{head} {name}" if head.endswith(":") else name
    return ""


def _under_question(lines: list[str], i: int) -> bool:
    """A line that answers the coordinator's question on the line above it, or above a
    blank line ("Hvad er jeres EAN-nummer til fakturaen?" over "5798000750128"), or that
    the writer set in bold ("*Formidlingskurset i Vejle*"): no question itself, no
    greeting, and not the rest of her sentence wrapped onto the next line."""
    text = lines[i].strip()
    if not text or "?" in text or GREETING.match(text) or text[:1].islower():
        return False
    if BOLD.fullmatch(text):
        return True
    above = [x.strip() for x in lines[max(0, i - 2):i]]
    asked = above[-1] if above and above[-1] else above[0] if len(above) == 2 else ""
    return "?" in asked and asked.endswith(ENDS)


def _hers(mark: str, writer: str, address: str) -> bool:
    """Whether an inline comment's mark names the writer: her name, her first name, her
    initials or her address's local part ("[Birgit Holm]", "[Birgit]", "[BH]", "[biho]")."""
    mark, words = mark.strip().casefold(), writer.casefold().split()
    return bool(words) and (mark in (" ".join(words), words[0], "".join(w[0] for w in words))
                            or mark == address.partition("@")[0].casefold())
