"""Which passwords EduSphere accepts: NIST SP 800-63B's rules for memorised secrets (§3.1.1.2).

- Length is what makes a password strong, so it is the only size rule: at least MIN_LENGTH
  characters, counted as Unicode code points after NFKC normalisation (so "é" is one character
  however the keyboard composed it, and an emoji is one, not two UTF-16 units), and at most
  MAX_LENGTH (long passphrases are welcome; beyond that the input is an attack, not a password).
- Any character is allowed (spaces, emoji, any script) and there are no composition rules
  ("one digit, one capital"): they make passwords harder to remember, not to guess. Only U+0000
  and lone UTF-16 surrogates are refused: no request can carry them (see `core.text`), so an
  account holding one could never sign in.
- Refused, as 800-63B asks of a blocklist, are passwords that are "commonly used, expected or
  compromised": one in the shipped list of leaked passwords (`data/README.md` says where it comes
  from), one made of fewer than four different characters ("aaaaaaaaaa", "abababababab"), and
  context words: the email address or its local part, the display name, the product's name.

Comparisons are case-insensitive, on `normalize_for_comparison` (NFKC, case-folded): "password1234"
typed in full-width forms (as an East Asian input method does) is "password1234". Each refusal is BAD_USER_INPUT with a
stable `reason` (a `Reason`) and a sentence a form can show; `problems` lists every rule a
password breaks, for the form to show while the user types (`Query.passwordProblems`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from edusphere.core.errors import AppError, bad_input
from edusphere.core.text import unstorable

MIN_LENGTH = 10
# Argon2 reads any length cheaply, but the checks, the list and the form need a bound, and no
# passphrase anyone types comes near it.
MAX_LENGTH = 256
# Context words shorter than this are not looked for: "ann" is inside "planning", "max" inside
# "maximum"; from four characters on, a name inside a password is almost always the name.
CONTEXT_MIN_LENGTH = 4
MIN_DISTINCT_CHARACTERS = 4
PRODUCT_NAME = "EduSphere"
COMMON_PASSWORDS_FILE = "common-passwords.txt"


class Reason(StrEnum):
    """The `reason` extension of a refused password; clients map it, so these never change."""

    TOO_LONG = "TOO_LONG"
    UNSUPPORTED_CHARACTER = "UNSUPPORTED_CHARACTER"
    TOO_SHORT = "TOO_SHORT"
    COMMON = "COMMON"
    REPETITIVE = "REPETITIVE"
    CONTAINS_EMAIL = "CONTAINS_EMAIL"
    CONTAINS_NAME = "CONTAINS_NAME"
    CONTAINS_PRODUCT_NAME = "CONTAINS_PRODUCT_NAME"


MESSAGES: dict[Reason, str] = {
    Reason.TOO_LONG: f"The password must be at most {MAX_LENGTH} characters long.",
    Reason.UNSUPPORTED_CHARACTER: (
        "The password contains a character that cannot be sent or stored (U+0000 or a lone UTF-16 surrogate)."
    ),
    Reason.TOO_SHORT: f"The password must be at least {MIN_LENGTH} characters long.",
    Reason.COMMON: (
        "This password is on a list of commonly used or leaked passwords; choose one that is harder to guess."
    ),
    Reason.REPETITIVE: f"The password uses too few different characters; use at least {MIN_DISTINCT_CHARACTERS}.",
    Reason.CONTAINS_EMAIL: "The password must not contain your email address or the name before its @.",
    Reason.CONTAINS_NAME: "The password must not contain your display name.",
    Reason.CONTAINS_PRODUCT_NAME: f"The password must not contain the name {PRODUCT_NAME}.",
}


@dataclass(frozen=True)
class Problem:
    """One rule a password breaks (a `PasswordProblem` in the schema)."""

    reason: Reason
    message: str


def normalize(password: str) -> str:
    """NFKC: the form that is measured and hashed (800-63B §3.1.1.2), so the same password typed
    on two keyboards that compose "é" differently is the same password."""
    return unicodedata.normalize("NFKC", password)


def normalize_for_comparison(text: str) -> str:
    """NFKC, case-folded, NFKC again (folding can undo a composition): case-insensitive equality."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


@cache
def common_passwords() -> frozenset[str]:
    """The shipped blocklist, read on first use (a few milliseconds) and kept for the process."""
    text = resources.files("edusphere.auth.data").joinpath(COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line)


def problems(password: str, *, email: str | None = None, display_name: str | None = None) -> list[Problem]:
    """Every rule `password` breaks, in the order `check_password` reports them; [] when it would
    be accepted. The context rules apply to what is given (nothing is known of a form still
    empty). Bounded: an over-long input is answered TOO_LONG before anything reads all of it."""
    if len(password) > MAX_LENGTH:
        return [_problem(Reason.TOO_LONG)]
    if unstorable(password) is not None:
        return [_problem(Reason.UNSUPPORTED_CHARACTER)]
    normalized = normalize(password)
    if len(normalized) > MAX_LENGTH:
        return [_problem(Reason.TOO_LONG)]
    folded = normalize_for_comparison(password)
    compact = _alphanumeric(folded)
    found: list[Reason] = []
    if len(normalized) < MIN_LENGTH:
        found.append(Reason.TOO_SHORT)
    common = common_passwords()
    if folded in common or "".join(folded.split()) in common:
        found.append(Reason.COMMON)
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS:
        found.append(Reason.REPETITIVE)
    if email and any(word in compact for word in _email_words(email)):
        found.append(Reason.CONTAINS_EMAIL)
    if display_name and any(word in compact for word in _context_words(display_name)):
        found.append(Reason.CONTAINS_NAME)
    if _alphanumeric(normalize_for_comparison(PRODUCT_NAME)) in compact:
        found.append(Reason.CONTAINS_PRODUCT_NAME)
    return [_problem(reason) for reason in found]


def check_password(
    password: str, *, email: str | None, display_name: str | None = None, field: str = "password"
) -> None:
    """BAD_USER_INPUT naming `field`, with the first broken rule's `reason` and message, unless
    `password` is acceptable for the account of `email` (and `display_name`). Every place that
    sets a password calls this: sign-up, `createadmin`, password change and reset."""
    found = problems(password, email=email, display_name=display_name)
    if found:
        raise refusal(found[0], field=field)


def refusal(problem: Problem, *, field: str = "password") -> AppError:
    return bad_input(problem.message, field=field, reason=problem.reason.value)


def _problem(reason: Reason) -> Problem:
    return Problem(reason, MESSAGES[reason])


def _alphanumeric(text: str) -> str:
    """Letters and digits only: "Ada.Lovelace" is found in "my adalovelace 1815" too."""
    return "".join(ch for ch in text if ch.isalnum())


def _context_words(text: str) -> set[str]:
    word = _alphanumeric(normalize_for_comparison(text[:MAX_LENGTH]))
    return {word} if len(word) >= CONTEXT_MIN_LENGTH else set()


def _email_words(email: str) -> set[str]:
    """The whole address, its local part and the local part without a "+tag"; an address still
    being typed (no "@" yet) is all local part."""
    email = email[:MAX_LENGTH]
    local = email.rpartition("@")[0] if "@" in email else email
    return _context_words(email) | _context_words(local) | _context_words(local.partition("+")[0])
