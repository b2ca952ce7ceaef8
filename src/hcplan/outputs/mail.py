"""Send messages over SMTP: STARTTLS (or TLS on port 465), the server's certificate checked.

Nothing is ever sent in clear: a server that does not offer STARTTLS is
refused before a password or a plan leaves the machine. The certificate is
checked against the system's certificate authorities (``SSL_CERT_FILE``
names others, as for any OpenSSL program). The password is given by the
caller, which takes it from the environment or a prompt, never from the
command line.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from hcplan.errors import HcplanError

#: The port of SMTP over TLS from the first byte; any other port starts in clear and upgrades.
IMPLICIT_TLS_PORT = 465


class MailError(HcplanError):
    """Nothing could be sent: the server could not be reached, secured or logged in to."""


@dataclass(frozen=True, slots=True)
class Server:
    """Where and how to send."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    def __str__(self) -> str:
        how = "TLS" if self.port == IMPLICIT_TLS_PORT else "STARTTLS"
        return f"{self.host}:{self.port} ({how})"


def send(server: Server, messages: Sequence[EmailMessage]) -> list[str | None]:
    """Send each message; for each, None when it was sent, else why not.

    Raises:
        MailError: no message could be sent (connection, TLS or login failed).
    """
    context = ssl.create_default_context()
    where = f"{server.host}:{server.port}"
    try:
        if server.port == IMPLICIT_TLS_PORT:
            client: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"the certificate of {where} is not trusted ({exc.verify_message})") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"cannot connect to {where}: {_why(exc)}") from None
    try:
        with client:
            if server.port != IMPLICIT_TLS_PORT:
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise MailError(f"{where} does not offer STARTTLS; hcplan sends nothing in clear")
                try:
                    client.starttls(context=context)
                except ssl.SSLCertVerificationError as exc:
                    raise MailError(f"the certificate of {where} is not trusted ({exc.verify_message})") from None
                client.ehlo()
            if server.user:
                try:
                    client.login(server.user, server.password or "")
                except smtplib.SMTPAuthenticationError:
                    raise MailError(f"{where} refused the user name or password of {server.user}") from None
                except smtplib.SMTPNotSupportedError:
                    raise MailError(f"{where} does not offer to log in (AUTH)") from None
            results: list[str | None] = []
            for message in messages:
                try:
                    refused = client.send_message(message)
                except smtplib.SMTPNotSupportedError:  # an address beyond ASCII, to a server without SMTPUTF8
                    results.append(
                        f"not sent: {where} cannot take an address with letters beyond ASCII before the @ (SMTPUTF8)"
                    )
                except smtplib.SMTPRecipientsRefused as exc:
                    results.append("refused: " + "; ".join(f"{who}: {_reply(r)}" for who, r in exc.recipients.items()))
                except smtplib.SMTPResponseException as exc:
                    results.append(f"refused: {_reply((exc.smtp_code, exc.smtp_error))}")
                except (OSError, smtplib.SMTPException) as exc:  # the connection went
                    results.append(f"not sent: the connection to {where} failed: {_why(exc)}")
                    results += ["not sent: the connection had closed"] * (len(messages) - len(results))
                    break
                else:
                    results.append(("refused: " + ", ".join(refused)) if refused else None)
            return results
    except MailError:
        raise
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"the connection to {where} failed: {_why(exc)}") from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _reply(reply: tuple[int, bytes | str]) -> str:
    code, text = reply
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {words}".strip()
