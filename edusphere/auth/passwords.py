"""argon2id hashing, run off the event loop (one hash costs tens of milliseconds of CPU).

What is hashed is the password's NFKC form (NIST SP 800-63B §3.1.1.2: normalise before hashing),
so the same password typed where "é" is one code point or two opens the same account. Hashes
made before that hashed the text as typed; `match_password` still accepts those (`Match.LEGACY`)
and the login rehashes them. Which passwords are accepted at all is `password_policy`'s.
"""

from __future__ import annotations

import asyncio
from enum import Enum, auto
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from edusphere.auth import password_policy
from edusphere.auth.password_policy import MAX_LENGTH as MAX_LENGTH
from edusphere.auth.password_policy import MIN_LENGTH as MIN_LENGTH
from edusphere.core.settings import PasswordHashing
from edusphere.core.text import has_lone_surrogate


class Match(Enum):
    NO = auto()
    YES = auto()
    # Right, against a hash of the text as typed (made before normalisation): rehash it.
    LEGACY = auto()


@cache
def _hasher(params: PasswordHashing) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )


def hashable(password: str) -> bool:
    """Whether Argon2 can take it: it hashes the UTF-8 bytes, and a lone surrogate has none.
    Anything else goes (U+0000 included: the password itself is never stored, only its hash)."""
    return not has_lone_surrogate(password)


def verifiable(password: str) -> bool:
    """Whether some account could have this password (`password_policy` refuses the rest):
    only then is it worth an Argon2 verify (which also hashes all of it, however long)."""
    return len(password) <= MAX_LENGTH and hashable(password)


async def hash_password(params: PasswordHashing, password: str) -> str:
    return await asyncio.to_thread(_hasher(params).hash, password_policy.normalize(password))


async def verify_password(params: PasswordHashing, password_hash: str, password: str) -> bool:
    return await match_password(params, password_hash, password) is not Match.NO


async def match_password(params: PasswordHashing, password_hash: str, password: str) -> Match:
    """Whether `password` is the one hashed. Its NFKC form is tried first; a password that NFKC
    changes is also tried as typed (a hash from before normalisation), so a wrong one costs two
    verifies whether or not the account exists (`verify_dummy` goes the same way)."""
    if not verifiable(password):
        return Match.NO  # no stored password can be it: password_policy refuses it
    normalized = password_policy.normalize(password)

    def verify() -> Match:
        hasher = _hasher(params)
        for candidate, match in ((normalized, Match.YES), (password, Match.LEGACY)):
            try:
                if hasher.verify(password_hash, candidate):
                    return match
            except (VerificationError, InvalidHashError):
                pass
            if normalized == password:
                break
        return Match.NO

    return await asyncio.to_thread(verify)


def needs_rehash(params: PasswordHashing, password_hash: str) -> bool:
    return _hasher(params).check_needs_rehash(password_hash)


@cache
def dummy_hash(params: PasswordHashing) -> str:
    """Verified against when the email is unknown, so both failures take the same time."""
    return _hasher(params).hash("edusphere-no-such-user")


async def verify_dummy(params: PasswordHashing, password: str) -> None:
    """Spend what checking a password costs, with no account to check it against (an unknown
    email, or a password no account can have), so every failed login takes as long."""
    await verify_password(params, dummy_hash(params), password if verifiable(password) else "")
