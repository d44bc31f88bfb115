"""A message is checked as it is made: no header injection, no malformed address, and MIME
from the standard library (encoded display names, both parts)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from edusphere.core.errors import ErrorCode
from edusphere.mail import HeaderInjection, MailKind, MailRefused, OutgoingMail, Recipient
from edusphere.mail.message import build_parts, new_message_id

SENDER = "EduSphere <no-reply@edusphere.test>"


def mail(**changes: object) -> OutgoingMail:
    fields: dict[str, object] = {
        "kind": MailKind.TEST, "to": Recipient("ada@example.com", "Ada"), "sender": SENDER,
        "subject": "Hello", "html": "<p>Hi</p>", "text": "Hi",
    }  # fmt: skip
    fields.update(changes)
    return OutgoingMail(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Ada\r\nBcc: eve@evil.example", "Ada\nBcc: eve@evil.example", "Ada\rX", "Ada\x00"])
def test_a_display_name_with_a_line_break_is_refused(name: str) -> None:
    with pytest.raises(HeaderInjection) as refused:
        Recipient("ada@example.com", name)
    assert refused.value.code is ErrorCode.BAD_USER_INPUT
    assert refused.value.details == {"field": "display name"}
    assert "line breaks" in refused.value.message


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "Hi\r\nBcc: eve@evil.example"},
        {"headers": {"List-Unsubscribe": "<https://x.example/u>\r\nBcc: eve@evil.example"}},
        {"headers": {"X-Evil\r\nBcc": "eve@evil.example"}},
        {"headers": {"Bad Name": "x"}},
        {"sender": "EduSphere <no-reply@edusphere.test>\r\nBcc: eve@evil.example"},
    ],
)
def test_header_injection_anywhere_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(HeaderInjection):
        mail(**changes)


@pytest.mark.parametrize("address", ["ada", "ada@", "@example.com", "a b@example.com", "a@b@c", "ada@example.com\n"])
def test_a_malformed_address_is_refused(address: str) -> None:
    with pytest.raises(MailRefused):
        Recipient(address, "Ada")


@pytest.mark.parametrize("name", ["From", "to", "Message-ID", "Subject", "Content-Type", "Bcc"])
def test_extra_headers_cannot_replace_the_message_s_own(name: str) -> None:
    with pytest.raises(MailRefused, match="set from the message itself"):
        mail(headers={name: "x"})


def test_a_message_needs_a_subject_and_both_parts() -> None:
    with pytest.raises(MailRefused):
        mail(subject="  ")
    with pytest.raises(MailRefused):
        mail(text="")
    with pytest.raises(MailRefused):
        mail(html=" ")


def test_extra_headers_are_frozen_with_the_message() -> None:
    headers = {"List-Unsubscribe": "<https://edu.example/u?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = mail(headers=headers)
    headers["Bcc"] = "eve@evil.example"
    assert dict(message.headers) == {k: v for k, v in headers.items() if k != "Bcc"}
    with pytest.raises(TypeError):
        message.headers["Bcc"] = "eve@evil.example"  # type: ignore[index]


def test_the_message_id_is_in_the_sender_s_domain() -> None:
    first, second = new_message_id(SENDER), new_message_id(SENDER)
    assert first[1] == f"<{first[0].hex}@edusphere.test>"
    assert first != second


def test_mime_encodes_non_ascii_names_and_subjects_and_carries_both_parts() -> None:
    built = build_parts(
        sender="EduSphère <no-reply@edusphere.test>", to=Recipient("zoe@example.com", 'Zoë "Z" Ünal, PhD'),
        subject=("Bienvenue à EduSphère " * 5).strip(), text="Texte ☃", html="<p>HTML ☃</p>",
        headers={"List-Unsubscribe": "<https://edu.example/u>"}, message_id="<abc@edusphere.test>",
        date=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )  # fmt: skip
    raw = built.as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # RFC 5322 headers: non-ASCII only as encoded words
    assert b"=?utf-8?" in head
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))  # folded
    from email import message_from_bytes, policy

    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["To"].addresses[0].display_name == 'Zoë "Z" Ünal, PhD'
    assert parsed["Subject"] == ("Bienvenue à EduSphère " * 5).strip()
    assert parsed["Date"] == "Fri, 02 Jan 2026 03:04:05 +0000"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed.get_body(("plain",)).get_content().strip() == "Texte ☃"  # type: ignore[union-attr]


def test_a_long_list_unsubscribe_stays_one_plain_url() -> None:
    """RFC 8058's header is read by mail clients as a URL: never folded into encoded words."""
    url = "<https://learn.example.com/unsubscribe?token=" + "A" * 150 + ">"
    mail = OutgoingMail(
        kind=MailKind.TEST, to=Recipient("ada@example.com", "Ada"), sender="EduSphere <no-reply@example.com>",
        subject="Hello", html="<p>hi</p>", text="hi",
        headers={"List-Unsubscribe": url, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )  # fmt: skip
    raw = build_parts(
        sender=mail.sender, to=mail.to, subject=mail.subject, text=mail.text, html=mail.html, headers=mail.headers,
        message_id="<x@example.com>", date=datetime(2026, 1, 1, tzinfo=UTC),
    ).as_bytes()  # fmt: skip
    assert f"List-Unsubscribe: {url}\r\n".encode() in raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    assert b"=?utf-8?" not in raw.split(b"\r\n\r\n")[0]


def test_a_list_unsubscribe_that_cannot_be_one_line_is_refused() -> None:
    for value in ("<https://example.com/" + "a" * 1000 + ">", "<https://exämple.com/u>"):
        with pytest.raises(MailRefused):
            OutgoingMail(
                kind=MailKind.TEST, to=Recipient("ada@example.com", "Ada"), sender="no-reply@example.com",
                subject="Hello", html="<p>hi</p>", text="hi", headers={"List-Unsubscribe": value},
            )  # fmt: skip
