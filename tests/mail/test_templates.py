"""Templates: both parts, the product and the recipient's name, links under PUBLIC_BASE_URL,
HTML escaped and plain text not, and a template that asks for what it was not given fails."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import jinja2
import pytest

from edusphere.core.settings import MailSettings, PaymentSettings, Settings
from edusphere.mail import MailKind, Recipient, compose, render
from edusphere.mail.templates import environment, linker

SETTINGS = Settings(
    payments=PaymentSettings(public_base_url="https://edu.example/app"),
    mail=MailSettings(product_name="Acme Learning", sender="Acme <no-reply@edu.example>"),
)


def test_every_template_gets_the_product_the_recipient_and_links() -> None:
    rendered = render(SETTINGS, MailKind.TEST, to=Recipient("ada@example.com", "Ada <Countess>"), note="")
    assert rendered.subject == "Acme Learning can send email"
    assert "Hello Ada <Countess>," in rendered.text
    assert "Hello Ada &lt;Countess&gt;," in rendered.html
    assert "https://edu.example/app/courses?ref=mail-test" in rendered.text
    assert 'href="https://edu.example/app/courses?ref=mail-test"' in rendered.html
    assert "<title>Acme Learning can send email</title>" in rendered.html
    assert rendered.text.endswith("https://edu.example/app/\n")


def test_a_recipient_without_a_name_is_greeted_all_the_same() -> None:
    assert "Hello there," in render(SETTINGS, "test", to=Recipient("ada@example.com"), note="").text


def test_a_missing_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(SETTINGS, MailKind.TEST, to=Recipient("ada@example.com"))  # `note` not given


def test_the_names_every_template_gets_cannot_be_overridden() -> None:
    with pytest.raises(TypeError, match="link"):
        render(SETTINGS, MailKind.TEST, to=Recipient("ada@example.com"), note="", link="https://evil.example")


@pytest.mark.parametrize("path", ["https://evil.example/", "//evil.example/x", "courses", "/\\evil.example"])
def test_links_stay_on_this_site(path: str) -> None:
    with pytest.raises(ValueError, match="path of the web app"):
        linker("https://edu.example")(path)


def test_links_encode_their_query() -> None:
    link = linker("https://edu.example")
    assert link("/verify", token="a b&c=d", empty=None) == "https://edu.example/verify?token=a+b%26c%3Dd"


def test_the_subject_is_one_line_whatever_its_template_does() -> None:
    template = environment().from_string("  {{ product }}\n  rocks  \n")
    assert " ".join(template.render(product="Acme").split()) == "Acme rocks"


def test_compose_makes_the_message_enqueue_takes() -> None:
    user_id = uuid4()
    message = compose(SETTINGS, MailKind.TEST, Recipient("ada@example.com", "Ada"), user_id=user_id, note="hi",
                      headers={"List-Unsubscribe": "<https://edu.example/app/u?t=1>"})  # fmt: skip
    assert (message.kind, message.user_id, message.sender) == (MailKind.TEST, user_id, "Acme <no-reply@edu.example>")
    assert message.subject == "Acme Learning can send email"
    assert "hi" in message.text
    assert "hi" in message.html
    assert message.headers["List-Unsubscribe"] == "<https://edu.example/app/u?t=1>"


def test_the_default_sender_is_the_product_at_the_public_host() -> None:
    assert Settings().mail_from == "EduSphere <no-reply@localhost>"  # http://127.0.0.1:8000
    public = replace(SETTINGS, mail=MailSettings(product_name="Acme"))
    assert public.mail_from == "Acme <no-reply@edu.example>"
