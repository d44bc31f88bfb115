"""Checks on course, module, lesson and review input; pure functions, no I/O.

Strings that are only compared with stored ones (catalog filters, slugs, category slugs) pass
`core.text.check_storable`, the one rule for those.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from edusphere.core.errors import bad_input
from edusphere.core.text import check_plain_text

# ISO 4217 codes we sell in, with their minor-unit exponent (JPY and KRW have none).
CURRENCIES: dict[str, int] = {
    "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "NZD": 2, "SEK": 2, "NOK": 2, "DKK": 2,
    "PLN": 2, "CZK": 2, "HUF": 2, "INR": 2, "BRL": 2, "MXN": 2, "SGD": 2, "HKD": 2, "ZAR": 2, "JPY": 0,
    "KRW": 0,
}  # fmt: skip
MAX_PRICE_MAJOR_UNITS = 10_000
MAX_DESCRIPTION = 50_000
MAX_LESSON_BODY = 200_000
MAX_REVIEW_BODY = 5_000
MAX_LESSON_SECONDS = 24 * 3600
MAX_OPENS_AFTER_DAYS = 3650  # `drip.MAX_OPENS_AFTER_DAYS`, the table's CHECK
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")


def check_text(value: str, field: str, *, minimum: int = 0, maximum: int) -> str:
    """Trimmed plain text (`check_plain_text`: nothing PostgreSQL would refuse, no control
    characters but tab and newline) within the length bounds."""
    text = check_plain_text(value, field).strip()
    if len(text) < minimum:
        raise bad_input(
            f"{field} must not be empty" if minimum == 1 else f"{field} needs at least {minimum} characters",
            field=field,
        )
    if len(text) > maximum:
        raise bad_input(f"{field} must be at most {maximum} characters", field=field)
    return text


def check_slug(slug: str) -> str:
    if len(slug) > 120 or not _SLUG.fullmatch(slug):
        raise bad_input("slug may hold lower-case letters, digits and single hyphens", field="slug")
    return slug


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:100].rstrip("-") or "course"


def check_currency(currency: str) -> str:
    code = currency.strip().upper()
    if code not in CURRENCIES:
        raise bad_input(f"Unknown or unsupported currency {currency!r}", field="currency")
    return code


def check_price(price_cents: int, currency: str) -> int:
    maximum = MAX_PRICE_MAJOR_UNITS * 10 ** CURRENCIES[currency]
    if price_cents < 0:
        raise bad_input("The price cannot be negative", field="priceCents")
    if price_cents > maximum:
        raise bad_input(f"The price cannot exceed {MAX_PRICE_MAJOR_UNITS} {currency}", field="priceCents")
    return price_cents


def check_language(language: str) -> str:
    if not _LANGUAGE.fullmatch(language):
        raise bad_input("language must be a code like 'en' or 'pt-BR'", field="language")
    return language


def check_video_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise bad_input("videoUrl must be an http(s) address", field="videoUrl")
    return url.strip()


def check_duration(seconds: int) -> int:
    if not 0 <= seconds <= MAX_LESSON_SECONDS:
        raise bad_input("durationSeconds must be between 0 and 86400", field="durationSeconds")
    return seconds


def check_opens_after_days(days: object) -> int:
    """A whole number of days, 0..3650. GraphQL's Int already refuses fractions and numbers past
    32 bits; this also guards callers that are not GraphQL (a bool is not a number of days)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_OPENS_AFTER_DAYS:
        raise bad_input(
            f"opensAfterDays must be a whole number of days from 0 to {MAX_OPENS_AFTER_DAYS}", field="opensAfterDays"
        )
    return days


def check_rating(rating: int) -> int:
    if not 1 <= rating <= 5:
        raise bad_input("rating must be a whole number from 1 to 5", field="rating")
    return rating


def check_order(given: list[str], existing: list[str], what: str) -> list[str]:
    """A reorder must name every existing id exactly once."""
    if len(given) != len(set(given)):
        raise bad_input(f"The new order names a {what} twice", field="ids")
    if set(given) != set(existing):
        raise bad_input(f"The new order must name every {what} of the course exactly once", field="ids")
    return given
