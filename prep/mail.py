"""Handing a statement to the conference team's mailbox: the settings, the message, and
the two ways of delivering it.

- SMTP (MAIL_SERVER set): the certificate is always verified (ssl.create_default_context,
  plus MAIL_CA_FILE for a council's private CA). MAIL_SECURITY is `starttls` (the default:
  the server must offer STARTTLS or nothing is sent), `tls` (implicit TLS, usually port 465)
  or `none`, which is allowed only for a relay on this machine (a loopback address): then
  the message never crosses a network in the clear. MAIL_USERNAME/MAIL_PASSWORD log in.
- Files (no MAIL_SERVER, development and `make run`): each message is written as an .eml
  file into MAIL_OUTBOX_DIR (instance/outbox/). Nothing leaves the machine; the send button
  says it is a test set-up.

In production without MAIL_SERVER sending is off: the pages do not offer it.

Every message has a Message-ID fixed when it is made (from its outbox row), so a retry
is the same message, and the file transport writes one file per message whatever the
retries. Nothing here logs an address, a name or any answer.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from .config import ConfigError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class DeliveryFailed(Exception):
    """The message was not accepted this time. The message is safe to log: it names the
    kind of problem, never an address or the server's reply text."""


@dataclass(frozen=True)
class MailSettings:
    mode: str  # "smtp", "files" or "off"
    server: str = ""
    port: int = 0
    security: str = "starttls"
    username: str = field(default="", repr=False)
    password: str = field(default="", repr=False)
    sender: str = ""  # the From address
    ca_file: str = ""
    timeout: float = 10.0
    outbox_dir: str = ""

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    @property
    def test_setup(self) -> bool:
        return self.mode == "files"


def settings_from(config, root: Path) -> MailSettings:
    """Read and check the MAIL_* settings; ConfigError (one line) if sending is switched on
    and they are incomplete or unsafe."""
    server = (config.get("MAIL_SERVER") or "").strip()
    timeout = float(config.get("MAIL_TIMEOUT_SECONDS") or 10)
    if not server:
        if config.get("APP_ENV") == "production" and not config.get("MAIL_TEST_FILES"):
            return MailSettings(mode="off")
        folder = Path(config.get("MAIL_OUTBOX_DIR") or root / "instance" / "outbox")
        if not folder.is_absolute():
            folder = root / folder
        return MailSettings(mode="files", sender=config.get("MAIL_FROM") or "conference-prep@localhost",
                            outbox_dir=str(folder), timeout=timeout)
    security = (config.get("MAIL_SECURITY") or "starttls").strip().lower()
    if security not in SECURITY:
        raise ConfigError(f"MAIL_SECURITY must be one of {', '.join(SECURITY)}, not {security!r}")
    if security == "none" and not is_loopback(server):
        raise ConfigError("MAIL_SECURITY=none sends statements unencrypted: it is allowed only for a relay on "
                          f"this machine (localhost, 127.0.0.1 or ::1), not {server!r}; use starttls or tls")
    try:
        port = int(config.get("MAIL_PORT") or DEFAULT_PORTS[security])
    except ValueError:
        raise ConfigError("MAIL_PORT must be a port number, e.g. 587") from None
    if not 0 < port < 65536:
        raise ConfigError("MAIL_PORT must be a port number between 1 and 65535")
    sender = (config.get("MAIL_FROM") or "").strip()
    if not _plausible_address(parseaddr(sender)[1]):
        raise ConfigError("MAIL_SERVER is set, so MAIL_FROM must be the address statements are sent from, "
                          "e.g. conference-prep@example-council.gov.uk")
    username, password = config.get("MAIL_USERNAME") or "", config.get("MAIL_PASSWORD") or ""
    if bool(username) != bool(password):
        raise ConfigError("MAIL_USERNAME and MAIL_PASSWORD go together: set both (to log in) or neither")
    ca_file = config.get("MAIL_CA_FILE") or ""
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(f"MAIL_CA_FILE {ca_file} does not exist")
    return MailSettings(mode="smtp", server=server, port=port, security=security, username=username,
                        password=password, sender=sender, ca_file=ca_file, timeout=timeout)


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _plausible_address(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local and "." in domain and " " not in address and len(address) <= 254)


# --- the message ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipients: tuple[str, ...]


def build_message(*, message_id: str, sender: str, to: str, cc: str = "", subject: str, body: str,
                  attachment: bytes, filename: str, sent_at: dt.datetime) -> tuple[Envelope, bytes]:
    message = EmailMessage(policy=policy.SMTP)  # CRLF line ends: a bare LF is refused by careful servers
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    recipients = tuple(dict.fromkeys(a for a in (to, cc) if a))
    return Envelope(parseaddr(sender)[1], recipients), message.as_bytes()


def message_id_for(reference: str, row_id: str, sender: str) -> str:
    """The same for every try of one message: fixed when it is put in the outbox."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<{reference}.{row_id[:16]}@{domain}>"  # short enough to stay on one header line


def team_address(name: str, address: str) -> str:
    return formataddr((name, address)) if name else address


# --- delivering ------------------------------------------------------------------------------


class SmtpTransport:
    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._context: ssl.SSLContext | None = None

    def context(self) -> ssl.SSLContext:
        """Made once (loading the system's CA store takes a while), used by every send."""
        if self._context is None:
            context = ssl.create_default_context()  # verifies the certificate and the host name
            if self.settings.ca_file:
                context.load_verify_locations(cafile=self.settings.ca_file)
            self._context = context
        return self._context

    def deliver(self, envelope: Envelope, message: bytes, message_id: str) -> None:
        s = self.settings
        try:
            if s.security == "tls":
                smtp = smtplib.SMTP_SSL(s.server, s.port, timeout=s.timeout, context=self.context())
            else:
                smtp = smtplib.SMTP(s.server, s.port, timeout=s.timeout)
            with smtp:
                smtp.ehlo()
                if s.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        raise DeliveryFailed("the mail server does not offer STARTTLS; nothing was sent")
                    smtp.starttls(context=self.context())
                    smtp.ehlo()
                if s.username:
                    smtp.login(s.username, s.password)
                smtp.sendmail(envelope.sender, list(envelope.recipients), message)
                # Some recipients refused but not all: the message is with the server, and a
                # retry would send it again to those who got it.
        except DeliveryFailed:
            raise
        except ssl.SSLCertVerificationError:
            raise DeliveryFailed("the mail server's certificate is not trusted; nothing was sent") from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryFailed(f"the mail server answered {exc.smtp_code} ({type(exc).__name__})") from None
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryFailed("the mail server refused every recipient") from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, TLS
            kind = "timed out" if isinstance(exc, (socket.timeout, TimeoutError)) else type(exc).__name__
            raise DeliveryFailed(f"the mail server could not be reached ({kind})") from None


class FileTransport:
    """Test set-up: each message becomes one .eml file (named by its Message-ID, so a retry
    writes nothing new) in a folder only this user can read."""

    def __init__(self, settings: MailSettings):
        self.folder = Path(settings.outbox_dir)

    def path_for(self, message_id: str) -> Path:
        safe = "".join(ch for ch in message_id.strip("<>").split("@")[0] if ch.isalnum() or ch in "-.")
        return self.folder / f"{safe}.eml"

    def deliver(self, envelope: Envelope, message: bytes, message_id: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = self.path_for(message_id)
            if path.exists():
                return
            temporary = path.with_suffix(".tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(message)
            os.replace(temporary, path)
        except OSError as exc:
            raise DeliveryFailed(f"the outbox folder could not be written ({type(exc).__name__})") from None


def transport_for(settings: MailSettings):
    if settings.mode == "smtp":
        return SmtpTransport(settings)
    if settings.mode == "files":
        return FileTransport(settings)
    return None
