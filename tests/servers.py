"""Real, throwaway mail servers for tests and benchmarks.

`Dovecot` runs the genuine IMAP server so that the IMAP client code is exercised
against real protocol behaviour (INTERNALDATE, MOVE, UIDPLUS, "/" hierarchy);
`SmtpSink` is an in-process aiosmtpd server that records what the service sends.
No pytest import here so `bench/` scripts can use the same servers.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from imapclient import IMAPClient

__all__ = ["Dovecot", "ReceivedMail", "SmtpSink", "free_port"]

INSTALL_HINT = "Dovecot is not installed: apt-get install dovecot-imapd"

# Dovecot 2.3's built-in post-login capability list minus MOVE. Dovecot has no
# "remove one capability" syntax, so the whole list has to be spelled out.
_CAPABILITIES_WITHOUT_MOVE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY "
    "THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL "
    "CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE "
    "QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY "
    "SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY"
)

# Unix socket paths are limited to 108 bytes; Dovecot's longest is
# "<base_dir>/token-login/tokenlogin".
_MAX_BASE_DIR_LEN = 80


def free_port(host: str = "127.0.0.1") -> int:
    """Ask the kernel for an unused TCP port (racy, so callers retry on EADDRINUSE)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _dovecot_binary() -> str:
    # /usr/sbin is not on a normal user's PATH.
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    binary = shutil.which("dovecot", path=path)
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    return binary


def _check_traversable(path: Path, uid: int, gid: int) -> None:
    """Fail early with a clear message instead of an obscure Dovecot auth error."""
    for part in [path, *path.parents]:
        st = part.stat()
        if st.st_uid == uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid == gid:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            raise RuntimeError(
                f"{part} is not traversable by uid {uid}; Dovecot's unprivileged processes "
                "could not reach the passwd file and maildir. Use a directory under /tmp."
            )


def _only_log_process_left(pid: int) -> bool:
    """Whether Dovecot's master has stopped every service but its log process (Linux)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return False
    for child in children:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            name = Path(f"/proc/{child}/comm").read_text().strip()
        except (OSError, IndexError):
            continue
        if state != "Z" and name != "log":
            return False
    return True


class Dovecot:
    """A private Dovecot IMAP server on 127.0.0.1 with one plaintext-password user.

    Everything (config, base_dir, state, log, maildir) lives in one directory.
    A directory created here is removed on exit; a given one is kept so its
    ``dovecot.log`` can be inspected.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        user: str = "coordinator",
        password: str = "secret",
        move_capability: bool = True,
        oauth2_introspection_url: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.user = user
        self.password = password
        self.move_capability = move_capability
        self.oauth2_introspection_url = oauth2_introspection_url
        self.timeout = timeout
        self.port = 0
        self._given_dir = Path(directory) if directory is not None else None
        self._own_dirs: list[Path] = []
        self._proc: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        binary = _dovecot_binary()
        if self._given_dir is not None:
            self.dir = self._given_dir.resolve()
            self.dir.mkdir(parents=True, exist_ok=True)
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="dovecot-"))
            self._own_dirs.append(self.dir)
        self.base_dir = self.dir / "run"
        if len(str(self.base_dir)) > _MAX_BASE_DIR_LEN:
            short = Path(tempfile.mkdtemp(prefix="dv-", dir="/tmp"))
            short.chmod(0o755)
            self._own_dirs.append(short)
            self.base_dir = short / "run"
        self.log_path = self.dir / "dovecot.log"
        try:
            self._write_files()
            # Retry because another process may grab the port between probe and bind.
            for _attempt in range(3):
                self.port = free_port(self.host)
                self._write_config()
                if self._launch(binary):
                    return
            raise RuntimeError(f"Dovecot could not bind a free port:\n{self.log()}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            deadline = time.monotonic() + 5
            while proc.poll() is None and time.monotonic() < deadline:
                if _only_log_process_left(proc.pid):
                    # Dovecot ends shutdown with a fixed 1 s sleep before it lets its
                    # log process go; all mail processes are gone, so skip the wait.
                    break
                time.sleep(0.01)
            if proc.poll() is None:
                # Own session, so this reaches only the Dovecot processes we started.
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for path in self._own_dirs:
            shutil.rmtree(path, ignore_errors=True)
        self._own_dirs.clear()

    def log(self) -> str:
        """Dovecot's log so far (startup errors, logins, disconnect reasons)."""
        try:
            return self.log_path.read_text(errors="replace") if self.log_path else ""
        except OSError:
            return ""

    def _write_files(self) -> None:
        if os.geteuid() == 0:
            # Dovecot refuses to run login processes as root; use Debian's users.
            self._login_user = "dovenull"
            self._internal_user = "dovecot"
            owner = pwd.getpwnam("dovecot")
            uid, gid = owner.pw_uid, owner.pw_gid
        else:
            uid, gid = os.getuid(), os.getgid()
            self._login_user = self._internal_user = pwd.getpwuid(uid).pw_name
        self._internal_group = grp.getgrgid(gid).gr_name
        self.maildir = self.dir / "mail"
        self.passwd_path = self.dir / "passwd"
        for path in (self.base_dir, self.dir / "state", self.maildir):
            path.mkdir(parents=True, exist_ok=True)
        self.passwd_path.write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{uid}:{gid}::{self.maildir}::\n"
        )
        self.log_path.touch()
        if os.geteuid() == 0:
            self.dir.chmod(0o755)
            self.passwd_path.chmod(0o644)
            for path in [self.maildir, *self.maildir.rglob("*")]:
                os.chown(path, uid, gid)
            _check_traversable(self.passwd_path.parent, uid, gid)

    def _write_config(self) -> None:
        capability = ""
        if not self.move_capability:
            capability = f"imap_capability = {_CAPABILITIES_WITHOUT_MOVE}"
        oauth2 = ""
        mechanisms = "plain login"
        if self.oauth2_introspection_url:
            # XOAUTH2 tokens are checked by POSTing them to a local introspection server
            mechanisms += " xoauth2"
            ext = self.dir / "dovecot-oauth2.conf.ext"
            ext.write_text(f"introspection_mode = post\n"
                           f"introspection_url = {self.oauth2_introspection_url}\n"
                           f"username_attribute = username\nactive_attribute = active\n"
                           f"active_value = true\n")
            oauth2 = f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2\n  args = {ext}\n}}"
        self.config_path = self.dir / "dovecot.conf"
        self.config_path.write_text(f"""\
# Generated by tests/servers.py; throwaway test instance.
base_dir = {self.base_dir}
state_dir = {self.dir / "state"}
instance_name = test-{os.getpid()}-{self.port}
log_path = {self.log_path}
protocols = imap
listen = {self.host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
default_login_user = {self._login_user}
default_internal_user = {self._internal_user}
default_internal_group = {self._internal_group}
first_valid_uid = 1
mail_location = maildir:{self.maildir}/Maildir
{capability}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.passwd_path}
}}
{oauth2}
userdb {{
  driver = passwd-file
  args = {self.passwd_path}
}}
# No chroot: it needs root, and it buys nothing for a test server.
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""")

    def _launch(self, binary: str) -> bool:
        """Start Dovecot; False if the port was taken meanwhile, raise on other failures."""
        # Truncate: a stale "Address already in use" must not trigger another retry.
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                [binary, "-F", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                if "Address already in use" in self.log():
                    return False
                raise RuntimeError(f"Dovecot exited during startup:\n{self.log()}")
            if self._greets():
                return True
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"Dovecot did not answer within {self.timeout} s:\n{self.log()}")

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as sock:
                return sock.recv(1024).startswith(b"* OK")
        except OSError:
            return False

    # -- IMAP helpers ------------------------------------------------------

    def client(self) -> IMAPClient:
        """A new logged-in client; the caller logs out (or uses it as a context manager)."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(
        self,
        raw: bytes,
        internaldate: datetime,
        folder: str = "INBOX",
        flags: Iterable[str | bytes] = (),
    ) -> int:
        """Store a message as if it had arrived at ``internaldate``; return its UID.

        The folder is created if missing. INTERNALDATE has whole-second precision
        and Dovecot reports it in the server's local offset: compare instants.
        """
        if internaldate.tzinfo is None:
            raise ValueError("internaldate must be timezone-aware")
        with self.client() as imap:
            if not imap.folder_exists(folder):
                imap.create_folder(folder)
            response = imap.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        match = re.search(rb"\[APPENDUID \d+ (\d+)\]", response)
        if match is None:
            raise RuntimeError(f"no APPENDUID in APPEND response: {response!r}")
        return int(match.group(1))

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """Raw messages in UID order (CRLF line endings, as IMAP delivers them)."""
        with self.client() as imap:
            if not imap.folder_exists(folder):
                return []
            imap.select_folder(folder, readonly=True)
            uids = sorted(imap.search("ALL"))
            if not uids:
                return []
            fetched = imap.fetch(uids, ["BODY.PEEK[]"])
        return [fetched[uid][b"BODY[]"] for uid in uids]

    def reset(self) -> None:
        """Empty INBOX and delete every other folder, so one server serves many tests."""
        with self.client() as imap:
            # Deepest first, since deleting a parent leaves its children behind.
            # Maildir++ parents are often \Noselect placeholders that vanish with
            # their last child, hence the re-check.
            folders = imap.list_folders()
            for _flags, _sep, name in sorted(folders, key=lambda f: -f[2].count("/")):
                if name.upper() != "INBOX" and imap.folder_exists(name):
                    imap.delete_folder(name)
            for _flags, _sep, name in imap.list_sub_folders():
                if name.upper() != "INBOX":
                    imap.unsubscribe_folder(name)
            imap.select_folder("INBOX")
            uids = imap.search("ALL")
            if uids:
                imap.delete_messages(uids)
                imap.expunge()


@dataclass(frozen=True)
class ReceivedMail:
    """One message accepted by `SmtpSink`, with its SMTP envelope."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        # With policy.default the parser builds EmailMessage; typeshed says Message.
        return cast(EmailMessage, email.message_from_bytes(self.data, policy=email.policy.default))


@dataclass
class _SinkHandler:
    refuse: int | None = None
    oauth2_tokens: set[str] = field(default_factory=set)  # accepted by AUTH XOAUTH2
    received: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> Any:
        """SASL XOAUTH2 as Microsoft 365 and Gmail speak it: the token must be known."""
        import base64

        from aiosmtpd.smtp import AuthResult

        response = args[1] if len(args) > 1 else ""
        try:
            fields = base64.b64decode(response).decode().split("\x01")
        except ValueError:
            return AuthResult(success=False)
        token = next((f.removeprefix("auth=Bearer ") for f in fields
                      if f.startswith("auth=Bearer ")), "")
        return AuthResult(success=token in self.oauth2_tokens, handled=False,
                          message=None if token in self.oauth2_tokens else
                          "535 5.7.8 Username and Password not accepted")

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        code = self.refuse
        if code is not None:
            if 400 <= code < 500:
                return f"{code} 4.3.0 Try again later"
            return f"{code} 5.7.1 Message refused by test sink"
        mail = ReceivedMail(
            mail_from=envelope.mail_from or "",
            rcpt_tos=list(envelope.rcpt_tos),
            data=bytes(envelope.original_content or b""),
        )
        with self.lock:
            self.received.append(mail)
        return "250 2.0.0 OK"


class _SocketController(Controller):
    """A Controller that serves on an already bound socket."""

    def __init__(self, handler: object, sock: socket.socket, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._sock = sock

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock)


class SmtpSink:
    """An SMTP server on 127.0.0.1 that records messages instead of delivering them.

    Set ``refuse`` to an SMTP code (451, 550, ...) to reject DATA and exercise
    retry and bounce handling; set it back to None to accept again.
    """

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self._handler = _SinkHandler()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[ReceivedMail]:
        return self._handler.received

    @property
    def refuse(self) -> int | None:
        return self._handler.refuse

    @refuse.setter
    def refuse(self, code: int | None) -> None:
        self._handler.refuse = code

    @property
    def oauth2_tokens(self) -> set[str]:
        return self._handler.oauth2_tokens

    def clear(self) -> None:
        with self._handler.lock:
            self._handler.received.clear()

    def start(self) -> None:
        # Bind first and hand the socket over: no port race, and aiosmtpd would
        # otherwise sit out its whole ready_timeout when the bind fails.
        sock = socket.create_server((self.host, 0))
        self.port = sock.getsockname()[1]
        self._controller = _SocketController(
            self._handler,
            sock,
            hostname=self.host,
            port=self.port,
            # The default, socket.getfqdn(), can stall for seconds on a bad resolver.
            server_hostname="smtp-sink.test",
            enable_SMTPUTF8=True,
            auth_require_tls=False,  # plain loopback: let the XOAUTH2 test log in
        )
        try:
            self._controller.start()
        except BaseException:
            self._controller = None
            sock.close()
            raise

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


POSTGRES_BIN = Path("/usr/lib/postgresql")


class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 and a free port (Debian's server).

    As root the cluster runs as the `postgres` user, since PostgreSQL refuses root.
    `new_database()` hands each test an empty database of its own.
    """

    def __init__(self, durable: bool = False) -> None:
        """`durable`: flush commits to disk as a real install does (the benchmark); the
        tests run without."""
        versions = sorted(POSTGRES_BIN.glob("*/bin/initdb")) if POSTGRES_BIN.exists() else []
        if not versions:
            raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
        self.bin = versions[-1].parent
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mailreg-pg-"))
        self.durable = durable
        self._count = 0

    def _run(self, *args: str) -> None:
        user = None
        if os.geteuid() == 0:
            user = "postgres"
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run([str(self.bin / args[0]), *args[1:]], check=True, user=user,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.dir)

    def __enter__(self) -> Postgres:
        os.chmod(self.dir, 0o700)
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                  f"{'' if self.durable else '-c fsync=off '}-c max_connections=200", "start")
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        self._count += 1
        name = f"test{self._count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)
