"""Access tokens (short-lived HS256 JWTs) and refresh tokens (opaque, stored only as hashes).

Only HS256 is accepted: the algorithm allowlist is explicit, so `alg: none` or an asymmetric
algorithm confused with our secret is refused by pyjwt before any claim is read.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from uuid import UUID

import jwt

from edusphere.auth.models import Role
from edusphere.core.errors import AppError, unauthenticated
from edusphere.core.settings import Settings

ALGORITHM = "HS256"
_REQUIRED_CLAIMS = ["sub", "role", "exp", "iat", "jti", "iss", "aud", "sid"]


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    role: Role
    session_id: UUID
    token_id: str
    expires_at: int


def issue_access_token(settings: Settings, user_id: UUID, role: Role, session_id: UUID) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "role": role.value,
        "sid": str(session_id),
        "iat": now,
        "exp": now + settings.access_token_ttl_seconds,
        "jti": uuid.uuid4().hex,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """The claims of a valid, unexpired token; UNAUTHENTICATED with TOKEN_EXPIRED/TOKEN_INVALID
    otherwise. A JWT is ASCII: anything else (an `Authorization` header's non-ASCII bytes reach
    here as surrogates, which pyjwt cannot even encode) is invalid before pyjwt sees it."""
    if not token.isascii():
        raise _invalid("The access token is invalid", "TOKEN_INVALID")
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError:
        raise _invalid("The access token has expired", "TOKEN_EXPIRED") from None
    except jwt.PyJWTError:
        raise _invalid("The access token is invalid", "TOKEN_INVALID") from None
    try:
        return AccessClaims(
            user_id=UUID(claims["sub"]),
            role=Role(claims["role"]),
            session_id=UUID(claims["sid"]),
            token_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
        )
    except (ValueError, TypeError):
        raise _invalid("The access token is invalid", "TOKEN_INVALID") from None


def new_refresh_token() -> tuple[str, str]:
    """A fresh refresh token and the hash we store; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    # 256 random bits need no slow hash: a fast digest is enough to make a DB leak useless.
    return hashlib.sha256(token.encode()).hexdigest()


def _invalid(message: str, reason: str) -> AppError:
    error = unauthenticated(message)
    error.details["reason"] = reason
    return error
