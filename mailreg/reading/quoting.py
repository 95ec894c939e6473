"""Where the new text of a reply or forward ends and the quoted history begins.

Danish and English clients mark history in a handful of ways: Gmail and Apple Mail
attributions ("Den fre. 14. feb. 2025 kl. 10.03 skrev ...:"), Outlook header blocks
("Fra: / Sendt: / Til: / Emne:"), separators ("-----Oprindelig meddelelse-----",
"---------- Forwarded message ---------"), forward intros and "> " quoting, which
may sit above the new text (bottom-posting) as well as below it.

mail-parser-reply was measured on the corpus: it missed Gmail's wrapped attribution,
bottom-posted replies and Gmail forwards, and cost about 0.6 ms per mail, so the
markers are recognised here line by line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATOR = re.compile(
    r"^-{2,}\s*(?:oprindelig meddelelse|original message|videresendt (?:meddelelse|besked)"
    r"|forwarded message|weitergeleitete nachricht|ursprüngliche nachricht"
    r"|ursprungligt meddelande|opprinnelig melding|oorspronkelijk bericht"
    r"|wiadomość oryginalna|message d'origine)\s*-*\s*$",
    re.I,
)
FORWARD_INTRO = re.compile(
    r"^(?:start på videresendt (?:besked|meddelelse)|begin forwarded message"
    r"|videresendt (?:besked|meddelelse)|forwarded message)\s*:?\s*$",
    re.I,
)
ATTRIBUTION = re.compile(
    r"^(?=.*[\d@]).{3,250}\s(?:skrev|wrote|a écrit|schrieb|escribió|schreef|napisał\w*"
    r"|написав\w*)(?!\w).{0,200}:\s*$",
    re.I,
)
# (Outlook names them in the language of its menus: German, Swedish, Dutch, Polish and
# French ones reach Danish libraries too)
HEADER_LINE = re.compile(
    r"^\*?(?:fra|from|sendt|sent|dato|date|til|to|emne|subject|cc|kopi|von|gesendet|an|betreff"
    r"|datum|från|skickat|till|ämne|kopia|van|verzonden|aan|onderwerp|od|wysłano|do|temat|dw"
    r"|data|de|envoyé|à|objet)\s*:\*?\s*\S", re.I
)
FROM_LINE = re.compile(r"^\*?(?:fra|from|von|från|van|od|de)\s*:\*?\s*(\S.*)$", re.I)
UNDERSCORES = re.compile(r"^_{8,}\s*$")
# a phone's, watch's or app's line ("Sendt fra mit Apple Watch", "Sent from my Galaxy",
# "Sendt fra Samsung-tablet")
DEVICE_LINE = re.compile(
    r"^(?:sendt fra (?:min|mit|mine)|sent from my|hent outlook til|get outlook for"
    r"|(?:sendt fra|sent from) (?:outlook|samsung|gmail|yahoo|mail til|mail for|the ))\b",
    re.I,
)
QUOTE_PREFIX = re.compile(r"^\s*(?:>\s?)+")


@dataclass(frozen=True)
class QuotedMail:
    """One earlier message inside the quoted history: who wrote it, and what."""

    author: str  # the "Fra:" value or the attribution line, "" when unknown
    text: str


def split_new_text(text: str) -> tuple[str, str]:
    """(new text, quoted history). "> " lines are history wherever they stand."""
    lines = _join_wrapped_attribution(text.replace("\r\n", "\n").split("\n"))
    new: list[str] = []
    quoted: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if QUOTE_PREFIX.match(line):
            quoted.append(line)
            continue
        if _starts_history_block(lines, i):
            quoted.extend(lines[i:])
            break
        attribution = ATTRIBUTION.match(stripped)  # once: it backtracks over the line
        if attribution and _next_is_quoted(lines, i):
            quoted.append(line)
        elif attribution:
            quoted.extend(lines[i:])
            break
        elif not DEVICE_LINE.match(stripped):
            new.append(line)
    return _tidy("\n".join(new)), _tidy("\n".join(quoted))


def quoted_mails(quoted: str) -> list[QuotedMail]:
    """The quoted history cut into the earlier messages it holds, newest first."""
    lines = [QUOTE_PREFIX.sub("", line) for line in quoted.split("\n")]
    mails: list[QuotedMail] = []
    author, body = "", list[str]()
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        start = _header_block_at(lines, i) or ATTRIBUTION.match(stripped)
        if start:
            if any(line.strip() for line in body) or author:
                mails.append(QuotedMail(author, _tidy("\n".join(body))))
            author, body = _author(lines, i), []
            i = _skip_header(lines, i)
            continue
        if not (SEPARATOR.match(stripped) or FORWARD_INTRO.match(stripped)
                or UNDERSCORES.match(stripped)):
            body.append(lines[i])
        i += 1
    if any(line.strip() for line in body) or author:
        mails.append(QuotedMail(author, _tidy("\n".join(body))))
    return mails


def _starts_history_block(lines: list[str], i: int) -> bool:
    stripped = lines[i].strip()
    if SEPARATOR.match(stripped) or FORWARD_INTRO.match(stripped):
        return True
    if UNDERSCORES.match(stripped):
        following = _next_nonblank(lines, i)
        return following is not None and bool(HEADER_LINE.match(lines[following].strip()))
    return _header_block_at(lines, i)


def _header_block_at(lines: list[str], i: int) -> bool:
    """A "Fra:" line with at least one more header line right after it."""
    if not FROM_LINE.match(lines[i].strip()):
        return False
    following = [line.strip() for line in lines[i + 1 : i + 5] if line.strip()]
    return bool(following) and bool(HEADER_LINE.match(following[0]))


def _skip_header(lines: list[str], i: int) -> int:
    """Index of the first line after an attribution or a header block."""
    if not FROM_LINE.match(lines[i].strip()):
        return i + 1
    i += 1
    while i < len(lines) and (HEADER_LINE.match(lines[i].strip()) or (
            lines[i].startswith((" ", "\t")) and lines[i].strip())):
        i += 1
    return i


def _author(lines: list[str], i: int) -> str:
    match = FROM_LINE.match(lines[i].strip())
    return match.group(1).strip() if match else lines[i].strip()


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].strip():
            return j
    return None


def _next_is_quoted(lines: list[str], i: int) -> bool:
    following = _next_nonblank(lines, i)
    return following is not None and bool(QUOTE_PREFIX.match(lines[following]))


def _join_wrapped_attribution(lines: list[str]) -> list[str]:
    """Gmail wraps a long attribution after "<" or before it: "... skrev Navn <" +
    "adr@x.dk>:", "... skrev Navn" + "<adr@x.dk>:"."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].rstrip().endswith("<") and re.match(r"^\s*\S+@\S+>\s*:", line):
            out[-1] = out[-1].rstrip() + line.strip()
        elif out and re.search(r"\b(?:skrev|wrote)\s+\S.*$", out[-1]) and re.match(
                r"^\s*<\S+@\S+>\s*:\s*$", line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()
