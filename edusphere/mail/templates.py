"""Every message's subject, HTML part and plain-text part, from Jinja2 templates.

A message named `name` (by default its kind, lower-cased: `MailKind.VERIFY_EMAIL` ->
`verify_email`) is three files in `templates/`:

    <name>.subject.txt   one line (whitespace, newlines included, collapses to single spaces)
    <name>.html          {% extends "_base.html" %}{% block body %}...{% endblock %}
    <name>.txt           {% extends "_base.txt" %}{% block body %}...{% endblock %}

HTML is autoescaped (a display name `<b>` arrives as text); `.txt` is not (it is plain text).
Undefined variables are errors (`StrictUndefined`): a template asking for what its caller did
not give fails in the caller's tests, not in a learner's inbox. Every template gets:

- `product`: the product's name (`PRODUCT_NAME`, "EduSphere");
- `recipient`: the recipient's display name ("" when unknown: write `{{ recipient or "there" }}`);
- `to`: the recipient's address;
- `link(path, **query)`: an absolute URL under `PUBLIC_BASE_URL` for a path of the web app,
  e.g. `link("/verify", token=token)` -> `https://edu.example/verify?token=...`;
- `subject`, in the two bodies: the rendered subject;
- and whatever the caller passes (it may not reuse the names above).

`_button.html` is a call-to-action button with the address spelled out beneath it, for mail
clients that show no buttons: `{% with href=link(...), label="Verify" %}{% include "_button.html" %}{% endwith %}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import jinja2

from edusphere.core.settings import Settings
from edusphere.mail.message import OutgoingMail, Recipient
from edusphere.mail.models import MailKind

TEMPLATES_DIR = Path(__file__).parent / "templates"
RESERVED = frozenset({"product", "recipient", "to", "link", "subject"})


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def template_name(template: MailKind | str) -> str:
    return template.value.lower() if isinstance(template, MailKind) else template


def linker(base_url: str) -> Any:
    """`link(path, **query)` for templates: only paths of this site, so a template (or a value
    passed to it) can never turn a link into one to another site."""

    def link(path: str, **query: object) -> str:
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            raise ValueError(f"link() takes a path of the web app starting with one /, got {path!r}")
        pairs = {name: str(value) for name, value in query.items() if value is not None}
        return f"{base_url}{path}" + (f"?{urlencode(pairs)}" if pairs else "")

    return link


def render(settings: Settings, template: MailKind | str, *, to: Recipient, **context: Any) -> Rendered:
    """The subject and both parts of message `template` for `to`."""
    clash = RESERVED & context.keys()
    if clash:
        raise TypeError(f"{', '.join(sorted(clash))} are given to every template; pass other names")
    name = template_name(template)
    env = environment()
    values: dict[str, Any] = {
        "product": settings.mail.product_name,
        "recipient": to.name.strip(),
        "to": to.address,
        "link": linker(settings.public_base_url),
        **context,
    }
    subject = " ".join(env.get_template(f"{name}.subject.txt").render(values).split())
    values["subject"] = subject
    return Rendered(
        subject=subject,
        html=env.get_template(f"{name}.html").render(values),
        text=env.get_template(f"{name}.txt").render(values).strip() + "\n",
    )


def compose(
    settings: Settings,
    kind: MailKind,
    to: Recipient,
    *,
    template: str | None = None,
    user_id: UUID | None = None,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> OutgoingMail:
    """A message of `kind` for `to`, rendered from its template (`template`, default the
    kind's), from MAIL_FROM: what `edusphere.mail.enqueue` takes."""
    rendered = render(settings, template or kind, to=to, **context)
    return OutgoingMail(
        kind=kind,
        to=to,
        sender=settings.mail_from,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        headers=headers or {},
        user_id=user_id,
    )
