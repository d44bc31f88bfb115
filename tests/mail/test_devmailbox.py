"""Development needs nothing extra: the embedded SMTP catcher keeps what the outbox sends under
the data directory, and the Mailbox (GraphQL, the HTML page, `edusphere mail list|show`) shows
it; none of it exists in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from edusphere.core.embedded import EmbeddedSMTP
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql import RequestContext
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Environment, Settings
from edusphere.mail import devmailbox, resolvers, routes
from edusphere.mail.worker import OutboxWorker
from tests.helpers import GraphQLClient
from tests.mail.factories import committed
from tests.mail.smtp_fixtures import TEST_MAIL
from tests.processes import command_env, run_edusphere

MAILBOX = """query Mailbox($first: Int) {
  devMailboxEnabled
  devMailbox(first: $first) { id from to subject date messageId text html htmlUrl }
}"""
ONE = "query One($id: ID!) { devMail(id: $id) { id subject } }"


@pytest.fixture
async def catcher(settings: Settings) -> AsyncIterator[EmbeddedSMTP]:
    """The embedded catcher, keeping mail where the session's server looks for it."""
    smtp = EmbeddedSMTP(settings.mail_dir)
    smtp.start()
    yield smtp
    smtp.stop()
    for caught in settings.mail_dir.glob("*.eml"):
        caught.unlink()


async def caught_by(runtime: Runtime, settings: Settings, catcher: EmbeddedSMTP, count: int = 1) -> list[str]:
    """`count` messages sent into the catcher by an outbox worker; their recipients."""
    rows = await committed(settings, count)
    worker = OutboxWorker(runtime, "to-the-catcher", replace(TEST_MAIL, smtp_url=catcher.url))
    assert (await worker.run_once()).sent == count
    await worker.sender.close()
    return [row.to_address for row in rows]


async def test_the_catcher_keeps_mail_and_the_mailbox_shows_it(
    runtime: Runtime, settings: Settings, catcher: EmbeddedSMTP, outbox_paused: None, gql: GraphQLClient,
    http: httpx.AsyncClient,
) -> None:  # fmt: skip
    (to,) = await caught_by(runtime, settings, catcher)
    assert len(list(settings.mail_dir.glob("*.eml"))) == 1
    data = (await gql(MAILBOX, {"first": 5})).ok()
    assert data["devMailboxEnabled"] is True
    (mail,) = data["devMailbox"]
    assert mail["to"] == [f"Ada Lovelace <{to}>"]
    assert mail["from"] == "EduSphere <no-reply@edusphere.test>"
    assert mail["subject"] == "EduSphere can send email"
    assert mail["messageId"].endswith("@edusphere.test>")
    assert mail["date"]
    assert "Hello Ada Lovelace," in mail["text"]
    assert "Hello Ada Lovelace," in mail["html"]
    assert mail["htmlUrl"] == f"/_dev/mail/{mail['id']}.html"
    assert (await gql(ONE, {"id": mail["id"]})).ok()["devMail"] == {"id": mail["id"], "subject": mail["subject"]}

    page = await http.get(mail["htmlUrl"])
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("sandbox ")
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none': no scripts
    assert '<base target="_top">' in page.text  # its links open in the window around the frame
    assert f"{settings.public_base_url}/courses?ref=mail-test" in page.text


async def test_the_mailbox_lists_newest_first_and_finds_nothing_it_did_not_catch(
    runtime: Runtime, settings: Settings, catcher: EmbeddedSMTP, outbox_paused: None, gql: GraphQLClient,
    http: httpx.AsyncClient,
) -> None:  # fmt: skip
    first = await caught_by(runtime, settings, catcher)
    second = await caught_by(runtime, settings, catcher)
    listed = (await gql(MAILBOX, {"first": 1})).ok()["devMailbox"]
    assert [m["to"][0].split("<")[1].rstrip(">") for m in listed] == second
    assert first != second
    for unknown in ["0000000000000000000-00000000", "../../etc/passwd", "x.eml", ""]:
        assert (await gql(ONE, {"id": unknown})).ok()["devMail"] is None
    assert (await http.get("/_dev/mail/0000000000000000000-00000000.html")).status_code == 404
    assert (await http.get("/_dev/mail/..%2F..%2Fsecret.html")).status_code == 404


async def test_nothing_of_the_mailbox_exists_in_production(runtime: Runtime, settings: Settings) -> None:
    production = Runtime(settings=replace(settings, env=Environment.PRODUCTION), redis=runtime.redis)
    context = RequestContext(runtime=production)
    assert await resolvers.dev_mailbox_enabled(None, {}, context, None) is False
    for resolve, args in ((resolvers.dev_mailbox, {}), (resolvers.dev_mail, {"id": "x"})):
        with pytest.raises(AppError) as refused:
            await resolve(None, args, context, None)
        assert refused.value.code is ErrorCode.NOT_FOUND
    request = SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(runtime=production)))
    response = await routes.caught_html(request, "0000000000000000000-00000000.html")  # type: ignore[arg-type]
    assert response.status == 404


def test_framing_aims_links_at_the_window_around_the_frame() -> None:
    added = '<base target="_top"><link rel="icon" href="data:,">'
    assert routes.framed("<html><HEAD lang=x><title>t</title>") == f"<html><HEAD lang=x>{added}<title>t</title>"
    assert routes.framed("<p>bare</p>") == f"{added}<p>bare</p>"


async def test_mail_list_and_show_read_the_catcher_s_directory(
    runtime: Runtime, settings: Settings, catcher: EmbeddedSMTP, outbox_paused: None
) -> None:
    (to,) = await caught_by(runtime, settings, catcher)
    env = command_env(EDUSPHERE_DATA_DIR=str(settings.data_dir))
    listed = run_edusphere("mail", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    (line,) = listed.stdout.strip().splitlines()
    mail_id = line.split()[0]
    assert to in line
    assert "EduSphere can send email" in line
    shown = run_edusphere("mail", "show", mail_id, env=env)
    assert shown.returncode == 0, shown.stderr
    assert f"To: Ada Lovelace <{to}>" in shown.stdout
    assert "Hello Ada Lovelace," in shown.stdout
    html = run_edusphere("mail", "show", mail_id, "--html", env=env)
    assert "<!DOCTYPE html>" in html.stdout
    missing = run_edusphere("mail", "show", "nope", env=env)
    assert missing.returncode == 1
    assert "not found" in missing.stderr


def test_ids_never_name_another_file(tmp_path: Path) -> None:
    directory = tmp_path
    (directory / "secret.txt").write_text("x")
    assert devmailbox.path_of(directory, "../secret") is None
    assert devmailbox.path_of(directory, "secret.txt") is None
    assert devmailbox.caught_ids(directory / "absent") == []
