"""Raw bytes of one mail -> `Inbound`, the plain facts the rest of the pipeline reads.

Parsing never raises: whatever cannot be read is recorded in `defects`, so a broken
message still gets an outcome (review with the reason) instead of stopping a batch.
mail-parser does the MIME work, and the standard library's parser when mail-parser
fails; the body is decoded here part by part because mail-parser decodes undeclared
8-bit bytes and unknown charsets silently wrong.
"""

from __future__ import annotations

import binascii
import hashlib
import logging
import re
from datetime import datetime
from email import message_from_bytes
from email.header import Header, decode_header, make_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from functools import lru_cache

from mailreg.domain.mail import Inbound, clean_display, message_key, valid_address
from mailreg.domain.model import Defect, Note

log = logging.getLogger(__name__)

SURROGATE = re.compile("[\udc80-\udcff]")  # raw 8-bit header bytes, as compat32 keeps them
FOLD = re.compile(r"\r?\n[ \t]*")  # a folded header line (RFC 5322 2.2.3)
ANGLED = re.compile(r"<([^<>]*)>")
COMMENT = re.compile(r"\([^()]*\)")  # RFC 5322 comments: "mette@x.dk (Mette Holm)"
WRITTEN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
ROW = re.compile(r"<tr\b.*?</tr>", re.I | re.S)
MAILTO = re.compile(r"<a\s[^>]*href=[\"']?mailto:([^\"'?>\s]+)[^>]*>(.*?)</a>", re.I | re.S)
# where Outlook's plain text shows an inline image: "[cid:image001.png@01DB7E2A.5C1F3B40]",
# a part's Content-ID (which looks like an address), no words of the writer's
INLINE_IMAGE = re.compile(r"\[cid:[^\]\s]*\]")
# text the writer struck through: she took it back ("jeg melder mig til <s>konferencen</s>
# netværksmødet", "~~hverdagsledelse~~ bæredygtighed"); a mail program's plain part shows
# it unmarked, so a mail that strikes text is read from its HTML
STRUCK_TAG = re.compile(r"<(?:s|strike|del)\b", re.I)
STRUCK_STYLE = re.compile(r"text-decoration(?:-line)?\s*:[^;\"'>]*line-through", re.I)
STRUCK_PLAIN = re.compile(r"~~[^~\n]+~~")
CALENDAR_METHOD = re.compile(r"^METHOD:\s*([A-Za-z-]+)", re.M)
ENCODED_WORD = re.compile(r"=\?([^?]*)\?([bqBQ])\?([^?]*)\?=")
# What a charset label usually means in practice: the superset mail programs write
# under it (as browsers and the WHATWG Encoding standard read them).
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030",
             "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252",
             "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
             "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932",
             "shift-jis": "cp932", "sjis": "cp932", "big5": "big5hkscs",
             "iso-8859-9": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874"}
# Charsets whose printable range windows-1252 extends (as browsers read them).
LATIN1_LABELS = {"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}
# Where a client starts the quoted history in HTML: Gmail, Outlook (OWA, desktop, Mac),
# Thunderbird, Apple Mail, Yahoo. Everything from the first match on is history.
HTML_QUOTE_START = re.compile(
    r"<div[^>]+class=[\"']?(?:gmail_quote|moz-cite-prefix|yahoo_quoted)"
    r"|<div[^>]+id=[\"']?(?:divRplyFwdMsg|appendonsend)"
    r"|<(?:div|span)[^>]+id=[\"']?OLK_SRC_BODY_SECTION"
    r"|<div[^>]+style=[\"'][^\"']*border-top:\s*solid\s+#[Ee]1[Ee]1[Ee]1"
    r"|<hr[^>]+id=[\"']?stopSpelling"
    r"|<blockquote",
    re.I,
)


def parse(raw: bytes, arrival: datetime) -> Inbound:
    import mailparser

    try:
        mail = mailparser.parse_from_bytes(raw)
        msg = mail.message
        defects = [Note.of(Defect.mime, defect=d)
                   for d in sorted(mail.defects_categories or ())]
    except Exception as exc:  # noqa: BLE001 - hostile input may break any parser path
        # The standard library's parser never gives up on a message: what it can read
        # (the sender, the subject, the machine-mail headers) is kept.
        log.warning("mail-parser failed (%s); reading with the standard library", exc)
        try:
            msg = message_from_bytes(raw, policy=compat32)
        except Exception as again:  # noqa: BLE001 - nothing left to read it with
            return _unparseable(raw, arrival, Note.of(Defect.unparseable, error=again))
        defects = [Note.of(Defect.unparseable, error=f"{type(exc).__name__}: {exc}")]
    try:
        return _read(msg, raw, arrival, defects)
    except Exception as exc:  # noqa: BLE001 - as above
        log.warning("unreadable message: %s", exc)
        return _unparseable(raw, arrival, Note.of(Defect.unparseable, error=exc))


def _read(msg: Message, raw: bytes, arrival: datetime, defects: list[Note]) -> Inbound:
    headers: dict[str, str] = {}
    for name, value in msg.items():
        headers.setdefault(name.lower(), clean_display(decode_header_text(value), 2000))
    message_id = _first_id(headers.get("message-id", ""))
    sender, sender_name, from_defects = read_from(_raw_header(msg.get("from", "")))
    defects += from_defects

    body = Body()
    try:
        body.collect(msg)
    except Exception as exc:  # noqa: BLE001 - a broken part must not lose the rest
        defects.append(Note.of(Defect.body_unreadable, error=exc))
    defects.extend(body.defects)
    sent = read_date(headers.get("date", ""))
    if headers.get("date") and sent is None:
        defects.append(Note.of(Defect.date_unreadable))

    text = body.text()
    return Inbound(
        key=message_key(message_id, raw),
        message_id=message_id,
        sender=sender,
        sender_name=sender_name,
        subject=clean_display(headers.get("subject", ""), 500),
        text=text,
        arrival=arrival,
        headers=headers,
        content_type=msg.get_content_type(),
        in_reply_to=_first_id(headers.get("in-reply-to", "")),
        references=tuple(re.findall(r"<[^<>\s]+>", headers.get("references", ""))),
        reply_to=valid_address(parseaddr(headers.get("reply-to", ""))[1]),
        to=_addresses(msg.get_all("to", [])),
        cc=_addresses(msg.get_all("cc", [])),
        cc_names=_named_addresses(tuple(_raw_header(v) for v in msg.get_all("cc", []))),
        defects=tuple(dict.fromkeys(defects)),
        size=len(raw),
        sent=sent,
        attachments=tuple(body.attachments),
        calendar_method=body.calendar_method,
        fingerprint=fingerprint(sender, headers.get("date", ""), text),
    )


def fingerprint(sender: str, date: str, text: str) -> str:
    """What makes two messages the same mail whatever their bytes: sender, Date header
    and text. A copy has the same; another mail that reuses a Message-ID has not."""
    return hashlib.sha256("\0".join((sender, date, text)).encode("utf-8", "replace")
                          ).hexdigest()[:32]


def read_from(value: str) -> tuple[str, str, list[Note]]:
    """(address, display name, defects) of a From header. A reply may only go to the
    one address in it, so a From that writes several addresses (also one in the display
    name: `alice@example.com <bob@example.com>`) or that cannot be read as one address
    carries a defect: such a mail waits for the coordinator, unanswered. The address is
    kept for her even then, when there is one.

    "MAILER-DAEMON <>" has no address and no defect: the guard knows it as a bounce.
    """
    unfolded = FOLD.sub(" ", value).strip()
    angled = ANGLED.findall(unfolded)
    written = list(dict.fromkeys(a.lower() for a in WRITTEN_ADDRESS.findall(unfolded)))
    if len(angled) > 1:  # several mailboxes, even if one is empty ("<>, a <b@c.dk>")
        return "", "", [Note.of(Defect.from_several, count=len(angled))]
    if len(angled) == 1 and unfolded.count("<") == unfolded.count(">") == 1:
        address = valid_address(angled[0])
        outside = COMMENT.sub(" ", ANGLED.sub(" ", unfolded))
        display = clean_display(decode_header_text(
            outside.strip().strip('"').replace('\\"', '"')))
        if not address:  # "<>": a bounce; anything else in the brackets: unreadable
            return "", display, [] if not angled[0].strip() else [Note.of(Defect.from_invalid)]
        named = valid_address(display)
        others = [a for a in written if a != address] + (
            [named] if named and named != address else [])
        if others:
            return address, display, [Note.of(Defect.from_name_is_address, name=others[0])]
        return address, display, []
    address = valid_address(written[0]) if len(written) == 1 else ""
    if len(written) > 1:
        return "", "", [Note.of(Defect.from_several, count=len(written))]
    if address and "<" not in unfolded and ">" not in unfolded:  # a bare address
        name = next((n for n, a in getaddresses([unfolded]) if valid_address(a)), "")
        return address, clean_display(decode_header_text(name)), []
    return address, "", [Note.of(Defect.from_invalid)]


class Body:
    """The readable text of a message tree: text/plain preferred, HTML converted."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.quoted: list[str] = []  # text of attached (forwarded) messages
        self.attachments: list[str] = []
        self.defects: list[Note] = []
        self.calendar_method = ""  # METHOD of a text/calendar part: REPLY is a response

    def collect(self, part: Message, inside_message: bool = False) -> None:
        ctype = part.get_content_type()
        if part.is_multipart():
            nested = inside_message or ctype.startswith("message/")
            for sub in part.get_payload() or ():
                if isinstance(sub, Message):
                    self.collect(sub, nested)
            return
        if ctype == "text/calendar":
            method = CALENDAR_METHOD.search(self.decode(part))
            self.calendar_method = method.group(1).upper() if method else ""
        filename = _filename(part)
        disposition = (part.get("content-disposition") or "").split(";")[0].strip().lower()
        if filename or disposition == "attachment" or not ctype.startswith("text/"):
            if ctype not in ("message/delivery-status", "text/rfc822-headers"):
                self.attachments.append(filename or ctype)
            return
        if ctype not in ("text/plain", "text/html"):
            return
        text = self.decode(part)
        if inside_message:
            self.quoted.append(html_to_text(text) if ctype == "text/html" else text)
        elif ctype == "text/plain":
            flowed = str(part.get_param("format") or "").lower() == "flowed"
            self.plain.append(unflow(text, str(part.get_param("delsp") or "").lower() == "yes")
                              if flowed else text)
        else:
            self.html.append(text)

    def decode(self, part: Message) -> str:
        """Bytes of one part as text, trying the declared charset, UTF-8, then cp1252."""
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return str(payload or "")
        declared = (part.get_content_charset() or "").lower()
        text, used = decode_bytes(payload, declared)
        if declared and used != declared and not (
            declared in LATIN1_LABELS and used in ("cp1252", "latin-1")
        ):
            self.defects.append(Note.of(Defect.charset_replaced, declared=declared, used=used))
        elif not declared and used not in ("us-ascii", "utf-8"):
            self.defects.append(Note.of(Defect.charset_guessed, used=used))
        return text

    def text(self) -> str:
        body = "\n".join(p.strip("\n") for p in self.plain if p.strip())
        # the plain alternative Outlook writes flattens a table to one cell a line: a
        # table of people (rows with addresses) reads right only from the HTML
        if self.html and (not body.strip() or any(
                _lists_people(h) or _strikes(h) for h in self.html)):
            body = "\n".join(html_to_text(h) for h in self.html)
        body = STRUCK_PLAIN.sub("", body)
        for quoted in self.quoted:
            body += "\n\n" + quote_lines(quoted)
        body = INLINE_IMAGE.sub("", body)
        return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def unflow(text: str, delsp: bool = False) -> str:
    """format=flowed text (RFC 3676) with its soft line breaks undone: a line that ends in
    a space goes on in the next, so a paragraph or a signature line ("... | Odense
    Bibliotekerne") that Thunderbird or Apple Mail wrapped is one line again."""
    out: list[str] = []
    soft = False
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        if soft and out and depth == len(out[-1]) - len(out[-1].lstrip(">")):
            content = line[depth:]
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + (content[1:] if depth and
                                                            content.startswith(" ") else content)
        else:
            out.append(line[1:] if line.startswith(" ") else line)  # space-stuffed
        soft = line.endswith(" ") and line.rstrip() != "--" and line.strip() != ""
    return "\n".join(out)


def decode_bytes(data: bytes, declared: str) -> tuple[str, str]:
    """(text, charset used). Never raises; latin-1 is the last resort as it maps all bytes."""
    candidates: list[str] = []
    if declared in LATIN1_LABELS:
        candidates = ["us-ascii", "utf-8", "cp1252"] if declared in ("us-ascii", "ascii") else [
            "cp1252"]
    elif declared:
        candidates = [declared, "utf-8", "cp1252"]
    else:
        candidates = ["us-ascii", "utf-8", "cp1252"]
    for charset in candidates:
        try:
            return data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1"), "latin-1"


def _raw_header(value: object) -> str:
    """A header as text with raw 8-bit bytes read as UTF-8 or else cp1252."""
    if isinstance(value, Header):  # compat32 wraps raw 8-bit bytes as "unknown-8bit"
        return "".join(
            decode_bytes(chunk, "" if charset in (None, "unknown-8bit") else charset)[0]
            if isinstance(chunk, bytes) else chunk
            for chunk, charset in decode_header(value)
        )
    text = str(value)
    if SURROGATE.search(text):
        text, _ = decode_bytes(text.encode("utf-8", "surrogateescape"), "")
    return text


def decode_header_text(value: object) -> str:
    """RFC 2047 words decoded; raw 8-bit bytes read as UTF-8 or else cp1252."""
    text = _raw_header(value)
    return _decode_words(text) if "=?" in text else text


@lru_cache(maxsize=4096)
def _decode_words(text: str) -> str:
    """RFC 2047 words decoded, each charset read as the superset senders mean by it
    (GBK for gb2312, cp1252 for latin-1); a word no charset reads comes out as the text
    it nearly is, never as "=?...?=". Cached per process: make_header costs about 25 us
    a word and a backlog repeats the same encoded subjects and names."""
    try:
        chunks = decode_header(text)
    except (ValueError, TypeError, AssertionError, binascii.Error):
        return ENCODED_WORD.sub(lambda m: m.group(3), text)
    mapped = [(chunk, SUPERSETS.get((charset or "").lower(), charset))
              for chunk, charset in chunks]
    try:
        return str(make_header(mapped))
    except (LookupError, UnicodeDecodeError, ValueError, TypeError):
        return "".join(decode_bytes(chunk, charset or "")[0] if isinstance(chunk, bytes)
                       else chunk for chunk, charset in mapped)


def read_date(value: str) -> datetime | None:
    """The Date header as an aware datetime; Danish free text via dateparser (da, en, DMY)."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed
    import dateparser

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "SKIP_TOKENS": ["den", "d.", "kl", "kl."], "TIMEZONE": "Europe/Copenhagen",
                "RETURN_AS_TIMEZONE_AWARE": True}
    try:
        return dateparser.parse(value, languages=["da", "en"], settings=settings)
    except Exception:  # noqa: BLE001 - a free-text date is only informative
        return None


def _lists_people(html: str) -> bool:
    """Whether the new part of an HTML body has a table whose rows hold addresses."""
    match = HTML_QUOTE_START.search(html)
    new = html[: match.start()] if match else html
    rows = [r for table in TABLE.findall(new) for r in ROW.findall(table)]
    return sum(1 for r in rows if "@" in r) >= 2


def _strikes(html: str) -> bool:
    """Whether the new part of an HTML body strikes text through."""
    match = HTML_QUOTE_START.search(html)
    new = html[: match.start()] if match else html
    return bool(STRUCK_TAG.search(new) or STRUCK_STYLE.search(new))


def html_to_text(html: str) -> str:
    """Visible text of an HTML body; the quoted history, if marked, as "> " lines. A
    mailto link keeps its address ("Anne Holm (anho@...)"), which a name alone loses."""
    html = MAILTO.sub(_with_address, html)
    match = HTML_QUOTE_START.search(html)
    if match is None:
        return _html_text(html)
    new, quoted = _html_text(html[: match.start()]), _html_text(html[match.start():])
    return f"{new}\n\n{quote_lines(quoted)}" if quoted else new


def _with_address(match: re.Match[str]) -> str:
    address, text = match.group(1), match.group(2)
    return text if address.lower() in text.lower() else f"{text} ({address})"


def quote_lines(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


@lru_cache(maxsize=1)
def _unstruck():
    """inscriptis's default profile with struck-through elements not shown."""
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.html_properties import Display
    from inscriptis.model.config import DEFAULT_CSS_PROFILE_NAME, ParserConfig
    from inscriptis.model.html_element import HtmlElement

    css = dict(CSS_PROFILES[DEFAULT_CSS_PROFILE_NAME])
    css.update({tag: HtmlElement(display=Display.none) for tag in ("s", "strike", "del")})
    return ParserConfig(css=css)


def _html_text(html: str) -> str:
    from inscriptis import get_text

    try:
        text = get_text(STRUCK_STYLE.sub("display:none", html), _unstruck())
    except Exception:  # noqa: BLE001 - fall back to stripping tags from broken HTML
        text = re.sub(r"<[^>]+>", " ", html)
    lines = [line.strip() for line in text.replace("\xa0", " ").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _filename(part: Message) -> str:
    try:
        return decode_header_text(part.get_filename() or "")
    except Exception:  # noqa: BLE001 - a broken RFC 2231 name is still an attachment
        return "attachment"


def _first_id(value: str) -> str:
    match = re.search(r"<[^<>\s]{1,900}>", value)
    return match.group(0) if match else ""


def _addresses(values: list) -> tuple[str, ...]:
    return _valid_addresses(tuple(_raw_header(v) for v in values))


@lru_cache(maxsize=1024)
def _valid_addresses(values: tuple[str, ...]) -> tuple[str, ...]:
    """Cached per process: nearly every mail in a backlog has the same To (the
    coordinator), and the stdlib address parser reads it character by character."""
    found = (valid_address(a) for _, a in getaddresses(list(values)))
    return tuple(a for a in found if a)


@lru_cache(maxsize=1024)
def _named_addresses(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(display name, address) of the valid addresses of a header, names decoded."""
    found = ((clean_display(_decode_words(name)), valid_address(a))
             for name, a in getaddresses(list(values)))
    return tuple((name, a) for name, a in found if a)


def _unparseable(raw: bytes, arrival: datetime, reason: Note) -> Inbound:
    return Inbound(
        key=message_key("", raw), message_id="", sender="", sender_name="", subject="",
        text="", arrival=arrival, defects=(reason,), size=len(raw),
    )
