"""hcplan digest: a message per lead, read back by the email package, sent through a real SMTP server."""

from __future__ import annotations

import importlib
import io
import json
import socket
import ssl
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL

#: MINIMAL with a contact and address for the police, a plan text that is
#: hostile HTML, and a lead with no address.
PLAN = (
    MINIMAL.replace(
        "  - Police\n", "  - name: Police\n    contact: Insp. Sam Patel\n    email: hate.crime@police.example\n"
    )
    .replace("  - Safer Anytown\n", "  - Safer Anytown\n  - name: Victim Support\n    email: vs@support.example\n")
    .replace("text: Run events", 'text: "Run events <script>alert(1)</script> & more"')
    + """\
          - id: "1.3"
            text: Train volunteers
            leads: [Victim Support]
            due: Q3 Year 1
"""
)


def read(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())  # type: ignore[return-value]


@pytest.fixture
def plan(write) -> Path:
    return write(PLAN)


def test_each_lead_gets_a_message_with_text_html_and_its_workbook(hcplan, plan, tmp_path):
    out = tmp_path / "digests"
    result = hcplan(
        "digest",
        plan,
        "-o",
        out,
        "--as-of",
        "2024-12-01",
        "--from",
        "Hate Crime Lead <hcl@anytown.example>",
        "--return-by",
        "2024-12-10",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Wrote 3 digests to {out} (as of 1 December 2024), each with its lead's returns workbook:\n"
        "  safer-anytown.eml: 1 overdue, 0 due soon, 0 need an update; no email address\n"
        '  police.eml: 0 overdue, 0 due soon, 1 needs an update; to "Insp. Sam Patel" <hate.crime@police.example>\n'
        "  victim-support.eml: 0 overdue, 1 due soon, 0 need an update; to Victim Support <vs@support.example>\n"
        "1 lead has no email address in the plan (add email: to the lead to send to it): Safer Anytown\n"
    )
    message = read(out / "police.eml")
    assert message["To"] == '"Insp. Sam Patel" <hate.crime@police.example>'
    assert message["From"] == "Hate Crime Lead <hcl@anytown.example>"
    assert message["Subject"] == "Anytown Hate Crime Work Plan 2024-25: Police's actions and returns, 1 December 2024"
    assert message["Message-ID"].endswith("@anytown.example>")
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    raw = (out / "police.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # RFC 5322 line ends
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Dear Insp. Sam Patel,\n")
    assert "Needs an update (1)\n\n- 1.2 Run events <script>alert(1)</script> & more\n" in text
    assert "send it back to Hate Crime Lead <hcl@anytown.example> by 10 December 2024." in " ".join(text.split())
    html = message.get_body(("html",)).get_content()
    assert "Run events &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>" not in html
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "police.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    sheet = book["Returns"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["1.2"]
    assert (out / "police.xlsx").read_bytes() == attachment.get_content()
    # A lead without an address gets its file, addressed to no one.
    assert read(out / "safer-anytown.eml")["To"] is None


def test_dry_run_says_what_would_go_where_and_writes_nothing(hcplan, plan, tmp_path):
    out = tmp_path / "digests"
    result = hcplan("digest", plan, "-o", out, "--as-of", "2024-12-01", "--lead", "police", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Would write 1 digest to {out} (as of 1 December 2024)")
    assert (
        'police.eml: 0 overdue, 0 due soon, 1 needs an update; to "Insp. Sam Patel" <hate.crime@police.example>'
        in result.stderr
    )
    assert not out.exists()


def test_usage_errors(hcplan, plan, tmp_path):
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--send", "--smtp-host", "localhost")
    assert (result.exit_code, result.stderr) == (
        2,
        "hcplan: error: --send needs a sender: pass --from ADDRESS or set HCPLAN_MAIL_FROM\n",
    )
    result = hcplan("digest", plan, "-o", tmp_path)  # the plan's own folder
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"hcplan: error: refusing to write into {tmp_path}: it holds {plan}, which this command reads\n"
    )
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--lead", "polce")
    assert result.exit_code == 2 and "did you mean 'Police'?" in result.stderr
    result = hcplan("digest", plan, "-o", plan)
    assert result.exit_code == 2 and "is a file" in result.stderr
    help_text = hcplan("digest", "--help").stdout
    assert "--smtp-user" in help_text and "password" in help_text and "--smtp-password" not in help_text


# --- sending through a real SMTP server -----------------------------------------------------


class Mailbox:
    """An aiosmtpd handler that keeps what it was sent, and how."""

    def __init__(self) -> None:
        self.envelopes: list[object] = []
        self.secure: list[bool] = []
        self.logins: list[bytes] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.secure.append(session.ssl is not None)
        return "250 OK"


class Authenticator:
    def __init__(self, mailbox: Mailbox, user: bytes, password: bytes) -> None:
        self.mailbox, self.user, self.password = mailbox, user, password

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        if ok:
            self.mailbox.logins.append(auth_data.login)
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def certificate_authority(tmp_path, monkeypatch):
    trustme = importlib.import_module("trustme")
    ca = trustme.CA()
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))  # the client trusts this authority, as OpenSSL programs do
    return ca


def start_server(ca, *, starttls: bool = True, **options):
    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        server_hostname="localhost",
        tls_context=context if starttls else None,
        require_starttls=starttls,
        auth_required=True,
        auth_require_tls=True,
        authenticator=Authenticator(mailbox, b"hcl", b"s3cret pass"),
        **options,
    )
    controller.start()
    return controller, mailbox


def serving(ca, monkeypatch, **options):
    """A server started (``options`` for aiosmtpd), and hcplan's settings to send through it."""
    controller, mailbox = start_server(ca, **options)
    monkeypatch.setenv("HCPLAN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HCPLAN_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("HCPLAN_SMTP_USER", "hcl")
    monkeypatch.setenv("HCPLAN_SMTP_PASSWORD", "s3cret pass")
    monkeypatch.setenv("HCPLAN_MAIL_FROM", "Hate Crime Lead <hcl@anytown.example>")
    mailbox.port = controller.port
    return controller, mailbox


@pytest.fixture
def smtp(certificate_authority, monkeypatch):
    controller, mailbox = serving(certificate_authority, monkeypatch)
    yield mailbox
    controller.stop()


def test_send_goes_over_starttls_with_a_login_to_each_address(hcplan, plan, tmp_path, smtp, monkeypatch):
    out = tmp_path / "digests"
    result = hcplan("digest", plan, "-o", out, "--as-of", "2024-12-01", "--send")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        f"Sent 2 messages through 127.0.0.1:{smtp.port} (STARTTLS):\n"
        '  police.eml to "Insp. Sam Patel" <hate.crime@police.example>\n'
        "  victim-support.eml to Victim Support <vs@support.example>\n"
        "Not sent, no email address in the plan: Safer Anytown\n"
    )
    assert smtp.secure == [True, True] and smtp.logins == [b"hcl"]
    assert [e.rcpt_tos for e in smtp.envelopes] == [["hate.crime@police.example"], ["vs@support.example"]]
    assert all(e.mail_from == "hcl@anytown.example" for e in smtp.envelopes)
    received = BytesParser(policy=policy.default).parsebytes(smtp.envelopes[0].content)
    written = read(out / "police.eml")
    assert received["Subject"] == written["Subject"] and received["Message-ID"] == written["Message-ID"]
    (attachment,) = received.iter_attachments()
    assert attachment.get_content() == (out / "police.xlsx").read_bytes()


def test_dry_run_send_connects_to_no_one(hcplan, plan, tmp_path, smtp):
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--send", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Would send 2 messages through 127.0.0.1:" in result.stderr
    assert '  police.eml to "Insp. Sam Patel" <hate.crime@police.example>\n' in result.stderr
    assert smtp.envelopes == [] and smtp.logins == []


def test_a_wrong_password_sends_nothing(hcplan, plan, tmp_path, smtp, monkeypatch):
    monkeypatch.setenv("HCPLAN_SMTP_PASSWORD", "wrong")
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--send")
    assert result.exit_code == 1
    assert result.stderr.endswith("refused the user name or password of hcl\n")
    assert result.stderr.startswith("hcplan: error: nothing was sent: ")
    assert smtp.envelopes == []


def test_no_password_and_no_terminal_is_refused(hcplan, plan, tmp_path, smtp, monkeypatch):
    """Refused before anything is written: the digests were written, and said to be
    addressed, then the run stopped for want of a password."""
    monkeypatch.delenv("HCPLAN_SMTP_PASSWORD")
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--send")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "hcplan: error: --smtp-user hcl needs a password: set HCPLAN_SMTP_PASSWORD (never on the command line)\n",
    )
    assert not (tmp_path / "d").exists()


def test_an_untrusted_certificate_sends_nothing(hcplan, plan, tmp_path, smtp, monkeypatch):
    other = importlib.import_module("trustme").CA()
    pem = tmp_path / "other.pem"
    other.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--send")
    assert result.exit_code == 1
    assert "is not trusted (" in result.stderr and smtp.envelopes == [] and smtp.logins == []


def test_a_server_without_starttls_gets_nothing_in_clear(hcplan, plan, tmp_path, certificate_authority, monkeypatch):
    controller, mailbox = start_server(certificate_authority, starttls=False)
    monkeypatch.setenv("HCPLAN_SMTP_PASSWORD", "s3cret pass")
    try:
        result = hcplan(
            "digest",
            plan,
            "-o",
            tmp_path / "d",
            "--send",
            "--from",
            "hcl@anytown.example",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            controller.port,
            "--smtp-user",
            "hcl",
        )
    finally:
        controller.stop()
    assert (result.exit_code, result.stderr) == (
        1,
        f"hcplan: error: nothing was sent: 127.0.0.1:{controller.port} does not offer STARTTLS; hcplan sends nothing in clear\n",
    )
    assert mailbox.envelopes == [] and mailbox.logins == []


#: PLAN with two leads named in other alphabets, one with an address in Greek before its @.
WORLD = PLAN.replace(
    "  - Safer Anytown\n",
    "  - Safer Anytown\n  - name: Σύλλογος Ελλήνων\n    email: σύλλογος@example.org\n  - 华人社区\n",
) + (
    '          - id: "1.4"\n            text: Meet the Greek community\n            leads: [Σύλλογος Ελλήνων]\n'
    '            due: Q3 Year 1\n'
    '          - id: "1.5"\n            text: Meet the Chinese community\n            leads: [华人社区]\n'
    '            due: Q3 Year 1\n'
)


def test_leads_named_in_other_alphabets_get_files_and_addresses_of_their_own(
    hcplan, write, tmp_path, certificate_authority, monkeypatch
):
    """A file name keeps a lead's letters (not 'lead.eml', 'lead-2.eml'); an address with
    letters beyond ASCII before its @ is written as it is (RFC 6532), not encoded into no
    address; a server that cannot take it (no SMTPUTF8) refuses that one message only."""
    plan = write(WORLD)
    out = tmp_path / "digests"
    controller, smtp = serving(certificate_authority, monkeypatch, enable_SMTPUTF8=False)
    try:
        result = hcplan("digest", plan, "-o", out, "--as-of", "2024-12-01", "--send")
    finally:
        controller.stop()
    assert (out / "συλλογος-ελληνων.eml").exists() and (out / "华人社区.eml").exists(), sorted(p.name for p in out.iterdir())
    from email.parser import Parser

    raw = (out / "συλλογος-ελληνων.eml").read_bytes()
    greek = Parser(policy=policy.default).parsestr(raw.decode("utf-8"))  # headers in UTF-8, as RFC 6532 has them
    assert greek["To"].addresses[0].addr_spec == "σύλλογος@example.org"
    assert "To: Σύλλογος Ελλήνων <σύλλογος@example.org>\r\n".encode() in raw
    (attachment,) = read(out / "华人社区.eml").iter_attachments()
    assert attachment.get_filename() == "华人社区.xlsx"
    # This server does not take SMTPUTF8: that one message is refused, the others go.
    assert result.exit_code == 1, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert "συλλογος-ελληνων.eml" in said and "cannot take an address with letters beyond ASCII" in said
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == ["hate.crime@police.example", "vs@support.example"]


def test_an_address_beyond_ascii_goes_to_a_server_that_takes_smtputf8(hcplan, write, tmp_path, certificate_authority, monkeypatch):
    controller, mailbox = serving(certificate_authority, monkeypatch, enable_SMTPUTF8=True)
    try:
        result = hcplan("digest", write(WORLD), "-o", tmp_path / "out", "--as-of", "2024-12-01", "--send", "--lead", "Σύλλογος")
    finally:
        controller.stop()
    assert result.exit_code == 0, result.stdout + result.stderr
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["σύλλογος@example.org"] and "SMTPUTF8" in envelope.mail_options


def test_an_ended_plans_digests_say_what_no_lead_leads(hcplan, write, tmp_path):
    """Each digest is a lead's: an action with no lead is in none, and the count of what
    was not done by the end said so (51 where overdue said 53, for the shipped plan)."""
    plan = write(PLAN + '          - id: "1.4"\n            text: Nobody leads this\n            due: Q1 Year 1\n')
    result = hcplan("digest", plan, "-o", tmp_path / "out", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "not done by its end, and 1 with no lead, in no digest (1.4)." in result.stderr
    overdue = hcplan("overdue", plan, "-f", "json")
    assert "1.4" in [row["id"] for row in json.loads(overdue.stdout)["overdue"]]


def test_each_section_says_what_follows_from_the_same_facts(hcplan, write, tmp_path):
    """A recurring action with no update was listed, and then the message said every
    continuous or recurring action had had an update in the last three months."""
    path = write(
        PLAN
        + """\
          - id: "1.4"
            text: Report to the board
            leads: [Victim Support]
            due: quarterly
"""
    )
    out = tmp_path / "digests"
    assert hcplan("digest", path, "-o", out, "--as-of", "2024-12-01", "--lead", "Victim Support").exit_code == 0
    text = " ".join(read(out / "victim-support.eml").get_body(("plain",)).get_content().split())
    assert "Overdue (1) - 1.4 Report to the board" in text
    assert "last three months" not in text
    assert (
        "Needs an update None of these actions is continuous, so none needs an update on a cadence. Recurring "
        "actions (1.4 (every quarter)) are due at each occurrence instead: one that passes without an update is "
        "listed as overdue."
    ) in text
    police = " ".join(
        read(hcplan_digest(hcplan, path, tmp_path / "police", "Police", "2024-07-01"))
        .get_body(("plain",))
        .get_content()
        .split()
    )
    assert "Needs an update Every continuous action has had an update in its cadence (every quarter)." in police


def hcplan_digest(hcplan, path: Path, out: Path, lead: str, as_of: str) -> Path:
    assert hcplan("digest", path, "-o", out, "--as-of", as_of, "--lead", lead).exit_code == 0
    return next(out.glob("*.eml"))


@pytest.mark.parametrize(
    ("lead", "said"),
    [("Police", "Police's"), ("Safeguarding Adults", "Safeguarding Adults'"), ("Safer Anytown Business", "Safer Anytown Business's")],
)
def test_a_leads_name_ending_in_s_takes_the_apostrophe_alone(lead, said):
    """'Safeguarding Adults's actions and returns' in the subject and the greeting."""
    from hcplan.outputs.digest import possessive

    assert possessive(lead) == said


def test_json_says_each_leads_digest_as_its_files_hold_it(hcplan, plan, tmp_path):
    out = tmp_path / "digests"
    result = hcplan("digest", plan, "-o", out, "--as-of", "2024-12-01", "-f", "json")
    assert result.exit_code == 0, result.stderr
    said = json.loads(result.stdout)
    assert (said["plan"], said["folder"], said["as_of"], said["dry_run"]) == (str(plan), str(out), "2024-12-01", False)
    assert said["ended"] is None and said["no_lead"] == []
    text = hcplan("digest", plan, "-o", tmp_path / "again", "--as-of", "2024-12-01")
    assert len(said["digests"]) == 3
    for digest in said["digests"]:
        message = read(Path(digest["file"]))
        assert Path(digest["workbook"]).read_bytes() == next(message.iter_attachments()).get_content()
        assert digest["to"] == (str(message["To"]) if message["To"] else None)
        assert digest["sent"] is None and digest["why_not"] is None
        counts = f"{len(digest['overdue'])} overdue, {len(digest['due_soon'])} due soon"
        assert f"  {Path(digest['file']).name}: {counts}," in text.stdout
        for action in digest["overdue"]:
            assert action in message.get_body(("plain",)).get_content()
    assert any(d["overdue"] for d in said["digests"]) and any(d["due_soon"] for d in said["digests"])
    police = next(d for d in said["digests"] if d["lead"] == "Police")
    assert police["to"] == '"Insp. Sam Patel" <hate.crime@police.example>' and police["actions"] == 1


def test_json_with_send_says_which_were_sent(hcplan, plan, tmp_path, smtp):
    result = hcplan("digest", plan, "-o", tmp_path / "d", "--as-of", "2024-12-01", "--send", "-f", "json")
    assert result.exit_code == 0, result.stderr
    sent = {d["lead"]: (d["sent"], d["why_not"]) for d in json.loads(result.stdout)["digests"]}
    assert sent == {"Police": (True, None), "Victim Support": (True, None), "Safer Anytown": (None, None)}
    assert len(smtp.envelopes) == 2


def test_json_of_an_ended_plan_says_what_no_lead_leads(hcplan, write, tmp_path):
    plan = write(PLAN + '          - id: "1.4"\n            text: Nobody leads this\n            due: Q1 Year 1\n')
    result = hcplan("digest", plan, "-o", tmp_path / "out", "--dry-run", "-f", "json")
    assert result.exit_code == 0, result.stderr
    said = json.loads(result.stdout)
    assert said["ended"] == "2025-03-31" and said["no_lead"] == ["1.4"] and said["dry_run"] is True
    assert not (tmp_path / "out").exists()
