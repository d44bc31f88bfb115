"""SMTP_URL's forms, and the mail settings production refuses."""

from __future__ import annotations

import pytest

from edusphere.core.settings import ConfigurationError, Settings, check_serving
from edusphere.core.smtpurl import SMTPServer, parse_smtp_url

PRODUCTION = {"EDUSPHERE_ENV": "production", "SECRET_KEY": "s" * 48, "PUBLIC_BASE_URL": "https://edu.example"}


def load(values: dict[str, str]) -> Settings:
    return Settings.from_env(values, env_file="/nonexistent")


@pytest.mark.parametrize(
    ("url", "server"),
    [
        ("smtp://mail.example", SMTPServer("mail.example", 25, implicit_tls=False)),
        ("smtp://mail.example:2525", SMTPServer("mail.example", 2525, implicit_tls=False)),
        ("smtp://user%40example.com:p%3Ass%2Fw@mail.example:587",
         SMTPServer("mail.example", 587, False, "user@example.com", "p:ss/w")),
        ("smtps://user:pw@mail.example", SMTPServer("mail.example", 465, True, "user", "pw")),
        ("SMTPS://mail.example:1465/?verify=false", SMTPServer("mail.example", 1465, True, verify_certificates=False)),
    ],
)  # fmt: skip
def test_the_forms_of_smtp_url(url: str, server: SMTPServer) -> None:
    assert parse_smtp_url(url) == server


def test_credentials_on_smtp_require_starttls_and_never_show() -> None:
    server = parse_smtp_url("smtp://user:hunter2@mail.example:587")
    assert server.starttls_required
    assert not parse_smtp_url("smtp://mail.example").starttls_required
    assert not parse_smtp_url("smtps://user:pw@mail.example").starttls_required  # TLS from the start
    assert "hunter2" not in repr(server)
    assert "hunter2" not in server.redacted()
    assert server.redacted() == "smtp://user:***@mail.example:587"


@pytest.mark.parametrize(
    "url",
    ["http://mail.example", "smtp://", "smtp://mail.example/path", "smtp://mail.example?tls=no",
     "smtp://mail.example?verify=maybe", "smtp://:pw@mail.example", "smtp://mail.example:99999"],
)  # fmt: skip
def test_a_malformed_smtp_url_is_refused_without_echoing_secrets(url: str) -> None:
    with pytest.raises(ConfigurationError, match="SMTP_URL") as refused:
        load({"SMTP_URL": url})
    assert "pw" not in str(refused.value)


def test_mail_settings_are_read() -> None:
    settings = load({"SMTP_URL": "smtp://mail.example:587", "MAIL_FROM": "Acme <hello@acme.example>",
                     "MAIL_MAX_ATTEMPTS": "3", "MAIL_RETRY_BASE_SECONDS": "2", "MAIL_POLL_SECONDS": "1",
                     "PRODUCT_NAME": "Acme", "MAIL_CONNECTIONS": "2"})  # fmt: skip
    assert settings.mail.smtp_url == "smtp://mail.example:587"
    assert settings.mail_from == "Acme <hello@acme.example>"
    assert (settings.mail.max_attempts, settings.mail.retry_base_seconds, settings.mail.poll_seconds) == (3, 2.0, 1.0)
    assert settings.mail.product_name == "Acme"
    assert settings.mail.connections == 2
    assert settings.mail_dir == settings.data_dir / "mail"


@pytest.mark.parametrize(
    "values",
    [
        {"MAIL_FROM": "not an address"},
        {"MAIL_FROM": "Acme <a@b>\r\nBcc: eve@evil.example"},
        {"MAIL_MAX_ATTEMPTS": "0"},
        {"MAIL_CONNECTIONS": "0"},
        {"MAIL_RETRY_BASE_SECONDS": "10", "MAIL_RETRY_CAP_SECONDS": "5"},
        {"MAIL_LEASE_SECONDS": "30", "SMTP_TIMEOUT_SECONDS": "30"},  # a lease must outlast a send
    ],
)
def test_mail_settings_that_cannot_work_are_refused(values: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        load(values)


def test_production_refuses_to_serve_without_smtp_url() -> None:
    settings = load(PRODUCTION)  # one-off commands (migrate, createadmin) need no SMTP server
    with pytest.raises(ConfigurationError, match="SMTP_URL is not set"):
        check_serving(settings)
    check_serving(load({**PRODUCTION, "SMTP_URL": "smtps://u:p@mail.example"}))
    check_serving(load({}))  # development: the embedded catcher


def test_production_needs_the_public_address_links_in_email_point_to() -> None:
    values = {k: v for k, v in PRODUCTION.items() if k != "PUBLIC_BASE_URL"}
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        check_serving(load({**values, "SMTP_URL": "smtps://u:p@mail.example"}))


def test_production_refuses_unverified_certificates() -> None:
    with pytest.raises(ConfigurationError, match="verify=false"):
        load({**PRODUCTION, "SMTP_URL": "smtps://u:p@mail.example?verify=false"})
    assert load({"SMTP_URL": "smtps://u:p@127.0.0.1?verify=false"}).mail.smtp_url  # tests may
