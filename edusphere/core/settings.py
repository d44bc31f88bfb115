"""Settings come from the environment (and an optional `.env`), once, into one frozen object.

Everything that varies between development, tests and production is here, so the rest of the
code takes a `Settings` and never reads `os.environ` itself.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

from dotenv import dotenv_values

# Re-exported: raised here, and imported from here by the rest of the code.
from edusphere.core.configuration import ConfigurationError as ConfigurationError

DEV_SECRET_KEY = "edusphere-development-secret-key-do-not-use-in-production"  # noqa: S105
MIN_PRODUCTION_SECRET_BYTES = 32  # HS256 wants a key of at least 256 bits


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class DatabasePooler(StrEnum):
    """What DATABASE_URL reaches (`DATABASE_POOLER`). `none`: PostgreSQL itself. `pgbouncer`: a
    PgBouncer in transaction pooling mode, where consecutive transactions of one client run on
    different server connections, so nothing may outlive a transaction on the server: asyncpg's
    named prepared statements (its statement cache) are off, and LISTEN (the mail worker's wake-up)
    goes to `DATABASE_DIRECT_URL` or is replaced by polling."""

    NONE = "none"
    PGBOUNCER = "pgbouncer"


@dataclass(frozen=True)
class GraphQLLimits:
    """Tartiflette has no limits of its own; these bound what one document may cost."""

    max_bytes: int = 20_000
    max_depth: int = 10
    max_aliases: int = 30
    max_nodes: int = 1_500
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` in a fixed window of `window_seconds` (`LIMIT/SECONDS` in the environment)."""

    limit: int
    window_seconds: int


@dataclass(frozen=True)
class RedisPool:
    """Each process's Redis connections: a blocking pool, so a burst waits up to
    `timeout_seconds` for a free connection instead of failing at once; connections idle for
    `idle_seconds` are closed, so a burst's connections do not stay open for good."""

    max_connections: int = 100
    timeout_seconds: float = 5.0
    idle_seconds: float = 60.0


@dataclass(frozen=True)
class TokenBucket:
    """Bursts up to `burst`, then `per_second` on average."""

    burst: int
    per_second: float


@dataclass(frozen=True)
class PasswordHashing:
    """argon2id cost; the defaults are RFC 9106's low-memory profile (argon2-cffi's own)."""

    time_cost: int = 3
    memory_cost_kib: int = 65_536
    parallelism: int = 4


@dataclass(frozen=True)
class PaymentSettings:
    """Payment providers and the platform's fee. A provider is enabled by its keys: all of
    them or none (half a provider's keys is refused at start-up). `*_api_base` points an SDK
    at another address than the provider's (the tests' local fakes); `test_provider` is the
    local TEST provider (a confirmation page instead of a real payment), on by default outside
    production and refused in it."""

    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None
    paypal_client_id: str | None = None
    paypal_client_secret: str | None = None
    paypal_webhook_id: str | None = None
    paypal_environment: str = "sandbox"
    paypal_api_base: str | None = None
    platform_fee_percent: float = 10.0
    public_base_url: str | None = None
    test_provider: bool = True
    provider_timeout_seconds: float = 15.0

    @property
    def stripe_enabled(self) -> bool:
        return bool(self.stripe_secret_key and self.stripe_webhook_secret)

    @property
    def paypal_enabled(self) -> bool:
        return bool(self.paypal_client_id and self.paypal_client_secret and self.paypal_webhook_id)


@dataclass(frozen=True)
class MediaSettings:
    """Uploads and how media is served. Files live under `<EDUSPHERE_DATA_DIR>/media`
    (`public/`: image variants Nginx may serve straight from disk; `protected/`: lesson videos
    and files, served only after EduSphere checks access). With `x_accel` (behind the bundled
    Nginx) EduSphere answers a protected download with `X-Accel-Redirect` and Nginx sends the
    bytes; without it EduSphere streams them itself, with Range support."""

    max_image_bytes: int = 10 * 1024 * 1024
    max_video_bytes: int = 2 * 1024 * 1024 * 1024
    max_file_bytes: int = 2 * 1024 * 1024 * 1024
    max_image_pixels: int = 40_000_000  # larger is refused as a decompression bomb
    image_widths: tuple[int, ...] = (320, 640, 1280)
    image_workers: int = 2  # Pillow's processes (never the event loop)
    signed_url_seconds: int = 600  # how long a protected media link works
    x_accel: bool = False
    gc_grace_hours: int = 24


@dataclass(frozen=True)
class MailSettings:
    """Outgoing mail (`edusphere.mail`). `smtp_url` names the SMTP server (the forms are in
    `edusphere.core.smtpurl`); without one, a server process outside production starts the
    embedded catcher (`edusphere.core.embedded`) and production refuses to start. `sender` is
    the From of every message (`MAIL_FROM`, "Name <address>"); empty: the product's name at
    no-reply@ the public host.

    Delivery: a message is tried at most `max_attempts` times, waiting `retry_base_seconds`
    doubled after each failure (with jitter) up to `retry_cap_seconds` (the defaults give up
    after about 2 hours). A worker holds the messages it claimed for `lease_seconds` (another
    process takes them up only after that: keep it well above `timeout_seconds`, which bounds
    one message's whole SMTP exchange). Each process's worker sends over `connections` SMTP
    connections at once (a remote server's round trips bound what one connection carries).
    Workers wake on PostgreSQL notifications, and every `poll_seconds` in case one was missed.
    Sent messages are deleted after `keep_sent_days` (their bodies may hold sign-in links)."""

    smtp_url: str | None = None
    sender: str = ""
    product_name: str = "EduSphere"
    worker: bool = True
    max_attempts: int = 8
    retry_base_seconds: float = 30.0
    retry_cap_seconds: float = 3600.0
    lease_seconds: float = 300.0
    poll_seconds: float = 5.0
    batch_size: int = 20
    connections: int = 4
    timeout_seconds: float = 30.0
    keep_sent_days: int = 7


@dataclass(frozen=True)
class NotificationSettings:
    """Course announcements and chat mentions by email (`edusphere.notifications`). A worker in
    every server process looks every `interval_seconds` for announcements to fan out, mentions
    not seen `mention_delay_minutes` after their message, and learners due a digest; a learner
    gets at most one digest per `digest_minutes`, and the first of a quiet spell waits
    `gather_seconds` so that what comes together (and a quick edit) arrives together.
    `batch_size` learners' digests are one transaction; `fanout_batch_size` learners'
    deliveries (or mentions decided) another."""

    worker: bool = True
    interval_seconds: float = 60.0
    digest_minutes: int = 60
    gather_seconds: float = 120.0
    mention_delay_minutes: int = 10
    batch_size: int = 200
    fanout_batch_size: int = 1_000


@dataclass(frozen=True)
class Settings:
    env: Environment = Environment.DEVELOPMENT
    secret_key: str = DEV_SECRET_KEY
    database_url: str | None = None
    database_pooler: DatabasePooler = DatabasePooler.NONE
    # PostgreSQL itself when DATABASE_URL is a pooler: what needs a session of its own (LISTEN).
    database_direct_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path("var")
    allowed_origins: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    proxies_count: int = 0
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    jwt_issuer: str = "edusphere"
    jwt_audience: str = "edusphere"
    redis_prefix: str = "edusphere:"
    # Failed logins (see auth.sessions, addresses counted by IPv4 address or IPv6 /64): for one
    # account from one address; from one address for all accounts; for one account from all
    # addresses: past it an address is refused after 3 failures of its own for the account, past
    # 4x it only addresses that signed in to the account lately may try (so an attacker slows and
    # then stops guessing, but cannot lock the owner out).
    login_limit_per_email_and_address: RateLimit = RateLimit(limit=10, window_seconds=900)
    login_limit_per_address: RateLimit = RateLimit(limit=50, window_seconds=900)
    login_limit_per_email: RateLimit = RateLimit(limit=30, window_seconds=3600)
    # Sign-ups per client address (each costs an Argon2 hash).
    register_limit_per_address: RateLimit = RateLimit(limit=30, window_seconds=900)
    # Mailed links (auth.recovery, auth.verification, auth.email_change). Reset requests per
    # email address (which is per account) and per client address: past either the answer is
    # the same `true` and nothing is sent. Verification mails per account (the sign-up's
    # included), counted in the outbox. Email-change requests per account (each checks the
    # password and mails an address of the requester's choosing).
    password_reset_limit_per_email: RateLimit = RateLimit(limit=5, window_seconds=900)
    password_reset_limit_per_address: RateLimit = RateLimit(limit=20, window_seconds=900)
    verification_mail_limit: RateLimit = RateLimit(limit=3, window_seconds=3600)
    email_change_limit: RateLimit = RateLimit(limit=5, window_seconds=900)
    # Catalog search-as-you-type (courses.suggestions), per client address: public and sent on
    # every pause in typing, so generous (a fast typist makes about one a second), yet a flood
    # from one address stops at it.
    catalog_suggest_limit: RateLimit = RateLimit(limit=120, window_seconds=60)
    # Certificate images (certificates.routes), per client address: public, and one not cached
    # yet costs a Pillow render; a person downloads a few, a crawler of ids stops here.
    certificate_image_limit: RateLimit = RateLimit(limit=30, window_seconds=60)
    redis_pool: RedisPool = field(default_factory=RedisPool)
    graphql: GraphQLLimits = field(default_factory=GraphQLLimits)
    password_hashing: PasswordHashing = field(default_factory=PasswordHashing)
    static_dir: Path | None = None
    ws_init_timeout_seconds: float = 10.0
    # On SIGTERM, how long a worker waits for its busy HTTP connections before it closes them
    # (Sanic's GRACEFUL_SHUTDOWN_TIMEOUT; see core.shutdown): below an orchestrator's kill
    # deadline (Kubernetes: 30 s), so the worker still stops its workers and exits cleanly.
    shutdown_timeout_seconds: float = 15.0
    # Each server process drains the chat stream into PostgreSQL; tests that drive the consumer
    # themselves switch it off.
    write_behind: bool = True
    # Consumers per process: two keep PostgreSQL busy on two connections while each one's next
    # batch is read (measured: one 42-46k messages/s, two 54k/s, three no more).
    write_behind_consumers: int = 2
    chat_send_rate: TokenBucket = TokenBucket(burst=10, per_second=2.0)
    payments: PaymentSettings = field(default_factory=PaymentSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    notifications: NotificationSettings = field(default_factory=NotificationSettings)

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def introspection(self) -> bool:
        return not self.is_production

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def mail_dir(self) -> Path:
        """Where the embedded SMTP catcher keeps what it caught (development and tests)."""
        return self.data_dir / "mail"

    @property
    def mail_from(self) -> str:
        """The From of every message: MAIL_FROM, or the product at no-reply@ the public host."""
        if self.mail.sender:
            return self.mail.sender
        host = urlsplit(self.public_base_url).hostname or "localhost"
        if host.replace(".", "").isdigit() or ":" in host:  # an IP address is no mail domain
            host = "localhost"
        return f"{self.mail.product_name} <no-reply@{host}>"

    @property
    def public_base_url(self) -> str:
        """Where browsers reach the app (return URLs from payment pages, links in email)."""
        configured = self.payments.public_base_url
        return (configured or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: str = ".env") -> Settings:
        """Read settings; values in the real environment win over those in `.env`."""
        source: dict[str, str] = {}
        if os.path.exists(env_file):
            source.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        source.update(os.environ if environ is None else environ)
        settings = _parse(source)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.is_production:
            if self.secret_key == DEV_SECRET_KEY or not self.secret_key:
                raise ConfigurationError(
                    "SECRET_KEY is missing or is the development default. In production set "
                    "SECRET_KEY to a random value of at least 32 bytes, e.g. the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
                )
            if len(self.secret_key.encode()) < MIN_PRODUCTION_SECRET_BYTES:
                raise ConfigurationError("SECRET_KEY is too short: production needs at least 32 bytes (256 bits).")
        if self.access_token_ttl_seconds <= 0 or self.refresh_token_ttl_seconds <= 0:
            raise ConfigurationError("Token lifetimes must be positive numbers of seconds.")
        if self.write_behind_consumers < 1:
            raise ConfigurationError("CHAT_WRITE_BEHIND_CONSUMERS must be at least 1.")
        _validate_database(self)
        if self.chat_send_rate.burst < 1 or self.chat_send_rate.per_second <= 0:
            raise ConfigurationError("CHAT_SEND_BURST must be at least 1 and CHAT_SENDS_PER_SECOND above 0.")
        _validate_payments(self)
        _validate_mail(self)
        media = self.media
        if min(media.max_image_bytes, media.max_video_bytes, media.max_file_bytes, media.max_image_pixels) < 1:
            raise ConfigurationError("MEDIA_MAX_* settings must be at least 1.")
        if media.image_workers < 1 or media.signed_url_seconds < 1 or media.gc_grace_hours < 0:
            raise ConfigurationError(
                "MEDIA_IMAGE_WORKERS and MEDIA_SIGNED_URL_SECONDS must be at least 1, MEDIA_GC_GRACE_HOURS at least 0."
            )
        notify = self.notifications
        if (
            notify.interval_seconds <= 0
            or notify.digest_minutes < 1
            or notify.gather_seconds < 0
            or notify.mention_delay_minutes < 0
        ):
            raise ConfigurationError(
                "NOTIFICATIONS_INTERVAL_SECONDS must be above 0, NOTIFICATIONS_DIGEST_MINUTES at least 1, "
                "NOTIFICATIONS_GATHER_SECONDS and NOTIFICATIONS_MENTION_DELAY_MINUTES at least 0."
            )
        if self.redis_url is not None:
            from edusphere.core.redisurl import parse_redis_url

            parse_redis_url(self.redis_url)  # a malformed (or cluster-confused) URL is refused here
        pool = self.redis_pool
        if pool.max_connections < 1 or pool.timeout_seconds <= 0 or pool.idle_seconds <= 0:
            raise ConfigurationError(
                "REDIS_MAX_CONNECTIONS must be at least 1; REDIS_POOL_TIMEOUT_SECONDS and REDIS_IDLE_SECONDS above 0."
            )


def _validate_database(settings: Settings) -> None:
    """A pooler is something DATABASE_URL points at (the embedded PostgreSQL has none), and a
    statement cache asked for in the URL contradicts it."""
    direct = settings.database_direct_url
    scheme = urlsplit(direct).scheme if direct is not None else "postgres"
    if scheme not in ("postgres", "postgresql"):
        raise ConfigurationError(f"DATABASE_DIRECT_URL must be a postgres:// URL; got scheme {scheme!r}.")
    if settings.database_pooler is DatabasePooler.NONE:
        return
    if settings.database_url is None:
        raise ConfigurationError(
            f"DATABASE_POOLER={settings.database_pooler.value} needs DATABASE_URL (the pooler's address); "
            "the embedded PostgreSQL has no pooler in front."
        )
    cache = dict(parse_qsl(urlsplit(settings.database_url).query)).get("statement_cache_size")
    if cache not in (None, "0"):
        raise ConfigurationError(
            f"DATABASE_URL asks for statement_cache_size={cache}, but DATABASE_POOLER={settings.database_pooler.value} "
            "cannot keep prepared statements: remove it from the URL."
        )


def _check_public_base_url(url: str, *, production: bool) -> None:
    """Browsers are sent there from payment pages: a web address of this site, nothing else."""
    parts = urlsplit(url)
    schemes = ("https",) if production else ("http", "https")
    if (
        parts.scheme not in schemes
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
    ):
        need = "https://host[:port][/path]" if production else "http(s)://host[:port][/path]"
        raise ConfigurationError(f"PUBLIC_BASE_URL must be {need} (no credentials, query or fragment); got {url!r}.")


def _validate_mail(settings: Settings) -> None:
    from email.headerregistry import Address
    from email.utils import parseaddr

    from edusphere.core.smtpurl import parse_smtp_url

    mail = settings.mail
    if mail.smtp_url is not None:
        server = parse_smtp_url(mail.smtp_url)
        if settings.is_production and not server.verify_certificates:
            raise ConfigurationError(
                "SMTP_URL has verify=false, which production refuses: the certificate must verify."
            )
    name, address = parseaddr(settings.mail_from)
    local, _, domain = address.rpartition("@")
    if not local or not domain or any(c in settings.mail_from for c in "\r\n"):
        raise ConfigurationError(
            f"MAIL_FROM must be an address, optionally with a name: Name <user@host>; got {settings.mail_from!r}."
        )
    try:
        Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError):
        raise ConfigurationError(f"MAIL_FROM is not a valid address: {settings.mail_from!r}.") from None
    if min(mail.max_attempts, mail.batch_size, mail.keep_sent_days, mail.connections) < 1:
        raise ConfigurationError(
            "MAIL_MAX_ATTEMPTS, MAIL_BATCH_SIZE, MAIL_CONNECTIONS and MAIL_KEEP_SENT_DAYS must be at least 1."
        )
    if min(mail.retry_base_seconds, mail.retry_cap_seconds, mail.poll_seconds, mail.timeout_seconds) <= 0:
        raise ConfigurationError("MAIL_RETRY_*_SECONDS, MAIL_POLL_SECONDS and SMTP_TIMEOUT_SECONDS must be above 0.")
    if mail.retry_cap_seconds < mail.retry_base_seconds:
        raise ConfigurationError("MAIL_RETRY_CAP_SECONDS must be at least MAIL_RETRY_BASE_SECONDS.")
    if mail.lease_seconds < 2 * mail.timeout_seconds:
        raise ConfigurationError(
            "MAIL_LEASE_SECONDS must be at least twice SMTP_TIMEOUT_SECONDS: a message still being sent "
            "must never be taken up by another process."
        )
    if not mail.product_name.strip() or any(c in mail.product_name for c in "\r\n"):
        raise ConfigurationError("PRODUCT_NAME must be a non-empty single line.")


_Choice = TypeVar("_Choice", bound=StrEnum)


def _choice(name: str, raw: str | None, default: _Choice) -> _Choice:
    """A setting that names one of an enum's values (any case); unset is `default`."""
    kind = type(default)
    try:
        return kind((raw or default.value).lower())
    except ValueError:
        choices = ", ".join(e.value for e in kind)
        raise ConfigurationError(f"{name} must be one of {choices}; got {raw!r}.") from None


def check_serving(settings: Settings) -> None:
    """What a server (not a one-off command) needs beyond `validate`: in production, a real SMTP
    server and the public address that links in email point to."""
    if not settings.is_production:
        return
    if settings.mail.smtp_url is None:
        raise ConfigurationError(
            "SMTP_URL is not set: production sends real mail (account verification, password resets, "
            "receipts). Set SMTP_URL=smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465."
        )
    if settings.payments.public_base_url is None:
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be set in production: links in email (and payment pages) point there."
        )


def _validate_payments(settings: Settings) -> None:
    payments = settings.payments
    groups = {
        "Stripe": {
            "STRIPE_SECRET_KEY": payments.stripe_secret_key,
            "STRIPE_WEBHOOK_SECRET": payments.stripe_webhook_secret,
        },
        "PayPal": {
            "PAYPAL_CLIENT_ID": payments.paypal_client_id,
            "PAYPAL_CLIENT_SECRET": payments.paypal_client_secret,
            "PAYPAL_WEBHOOK_ID": payments.paypal_webhook_id,
        },
    }
    for provider, keys in groups.items():
        missing = [name for name, value in keys.items() if not value]
        if missing and len(missing) < len(keys):
            raise ConfigurationError(
                f"{provider} is half configured: {', '.join(missing)} missing. Set all of "
                f"{', '.join(keys)} to take {provider} payments, or none of them."
            )
    if payments.paypal_environment not in ("sandbox", "live"):
        raise ConfigurationError(f"PAYPAL_ENVIRONMENT must be sandbox or live; got {payments.paypal_environment!r}.")
    # Fees are computed in hundredths of a percent: 99.995 would be 100.00, the whole sale.
    if not 0 <= round(payments.platform_fee_percent * 100) < 10_000 or payments.platform_fee_percent < 0:
        raise ConfigurationError("PLATFORM_FEE_PERCENT must be at least 0 and below 100 (two decimals at most count).")
    if payments.public_base_url is not None:
        _check_public_base_url(payments.public_base_url, production=settings.is_production)
    if payments.provider_timeout_seconds <= 0:
        raise ConfigurationError("PAYMENT_PROVIDER_TIMEOUT_SECONDS must be above 0.")
    if settings.is_production:
        if payments.test_provider:
            raise ConfigurationError(
                "PAYMENTS_TEST_PROVIDER is on: the TEST provider completes orders without payment and "
                "is refused in production. Unset it (it is off by default in production)."
            )
        if (payments.stripe_enabled or payments.paypal_enabled) and not payments.public_base_url:
            raise ConfigurationError(
                "PUBLIC_BASE_URL must be set in production to take payments (payment pages return there)."
            )
        if payments.paypal_enabled and payments.paypal_environment != "live":
            raise ConfigurationError("PAYPAL_ENVIRONMENT must be live in production.")
        if (payments.stripe_secret_key or "").startswith(("sk_test_", "rk_test_")):
            raise ConfigurationError("STRIPE_SECRET_KEY is a test-mode key: production needs a live key (sk_live_...).")
        overridden = [name for name, value in (("STRIPE_API_BASE", payments.stripe_api_base),
                                               ("PAYPAL_API_BASE", payments.paypal_api_base)) if value]  # fmt: skip
        if overridden:
            raise ConfigurationError(
                f"{', '.join(overridden)} points a provider's API elsewhere (the tests' fakes); production talks to "
                "the providers themselves: unset it."
            )


def _parse(source: Mapping[str, str]) -> Settings:
    def get(name: str) -> str | None:
        value = source.get(name)
        return value.strip() if value and value.strip() else None

    def get_int(name: str, default: int) -> int:
        raw = get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise ConfigurationError(f"{name} must be a whole number, got {raw!r}.") from None

    def get_float(name: str, default: float) -> float:
        raw = get(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ConfigurationError(f"{name} must be a number, got {raw!r}.") from None
        if not math.isfinite(value):
            raise ConfigurationError(f"{name} must be a finite number, got {raw!r}.")
        return value

    def get_rate(name: str, default: RateLimit) -> RateLimit:
        raw = get(name)
        if raw is None:
            return default
        limit, _, window = raw.partition("/")
        try:
            rate = RateLimit(limit=int(limit), window_seconds=int(window))
        except ValueError:
            rate = RateLimit(0, 0)
        if rate.limit < 1 or rate.window_seconds < 1:
            raise ConfigurationError(f"{name} must be LIMIT/SECONDS, e.g. 10/900; got {raw!r}.")
        return rate

    def get_bool(name: str, default: bool) -> bool:
        raw = get(name)
        if raw is None:
            return default
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigurationError(f"{name} must be true or false, got {raw!r}.")

    env = _choice("EDUSPHERE_ENV", get("EDUSPHERE_ENV"), Environment.DEVELOPMENT)
    pooler = _choice("DATABASE_POOLER", get("DATABASE_POOLER"), DatabasePooler.NONE)

    _refuse_single_node_redis_settings(get)
    defaults = {f.name: f.default for f in fields(Settings)}
    origins = tuple(o.strip() for o in (get("ALLOWED_ORIGINS") or "").split(",") if o.strip())
    static = get("EDUSPHERE_STATIC_DIR")
    shutdown_timeout = get_float("SHUTDOWN_TIMEOUT_SECONDS", 15.0)
    if shutdown_timeout <= 0:
        raise ConfigurationError(f"SHUTDOWN_TIMEOUT_SECONDS must be above 0, got {shutdown_timeout!r}.")
    return Settings(
        env=env,
        secret_key=get("SECRET_KEY") or DEV_SECRET_KEY,
        database_url=get("DATABASE_URL"),
        database_pooler=pooler,
        database_direct_url=get("DATABASE_DIRECT_URL"),
        redis_url=get("REDIS_URL"),
        data_dir=Path(get("EDUSPHERE_DATA_DIR") or "var"),
        allowed_origins=origins,
        host=get("EDUSPHERE_HOST") or str(defaults["host"]),
        port=get_int("EDUSPHERE_PORT", 8000),
        workers=get_int("EDUSPHERE_WORKERS", 1),
        proxies_count=get_int("EDUSPHERE_PROXIES_COUNT", 0),
        shutdown_timeout_seconds=shutdown_timeout,
        access_token_ttl_seconds=get_int("ACCESS_TOKEN_TTL_SECONDS", 15 * 60),
        refresh_token_ttl_seconds=get_int("REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600),
        redis_prefix=get("EDUSPHERE_REDIS_PREFIX") or "edusphere:",
        static_dir=Path(static) if static else None,
        write_behind_consumers=get_int("CHAT_WRITE_BEHIND_CONSUMERS", 2),
        chat_send_rate=TokenBucket(
            burst=get_int("CHAT_SEND_BURST", 10), per_second=get_float("CHAT_SENDS_PER_SECOND", 2.0)
        ),
        login_limit_per_email_and_address=get_rate(
            "LOGIN_LIMIT_PER_EMAIL_AND_ADDRESS", _default(defaults, "login_limit_per_email_and_address")
        ),
        login_limit_per_address=get_rate("LOGIN_LIMIT_PER_ADDRESS", _default(defaults, "login_limit_per_address")),
        login_limit_per_email=get_rate("LOGIN_LIMIT_PER_EMAIL", _default(defaults, "login_limit_per_email")),
        register_limit_per_address=get_rate(
            "REGISTER_LIMIT_PER_ADDRESS", _default(defaults, "register_limit_per_address")
        ),
        password_reset_limit_per_email=get_rate(
            "PASSWORD_RESET_LIMIT_PER_EMAIL", _default(defaults, "password_reset_limit_per_email")
        ),
        password_reset_limit_per_address=get_rate(
            "PASSWORD_RESET_LIMIT_PER_ADDRESS", _default(defaults, "password_reset_limit_per_address")
        ),
        verification_mail_limit=get_rate("VERIFICATION_MAIL_LIMIT", _default(defaults, "verification_mail_limit")),
        email_change_limit=get_rate("EMAIL_CHANGE_LIMIT", _default(defaults, "email_change_limit")),
        catalog_suggest_limit=get_rate("CATALOG_SUGGEST_LIMIT", _default(defaults, "catalog_suggest_limit")),
        certificate_image_limit=get_rate("CERTIFICATE_IMAGE_LIMIT", _default(defaults, "certificate_image_limit")),
        media=MediaSettings(
            max_image_bytes=get_int("MEDIA_MAX_IMAGE_BYTES", MediaSettings.max_image_bytes),
            max_video_bytes=get_int("MEDIA_MAX_VIDEO_BYTES", MediaSettings.max_video_bytes),
            max_file_bytes=get_int("MEDIA_MAX_FILE_BYTES", MediaSettings.max_file_bytes),
            max_image_pixels=get_int("MEDIA_MAX_IMAGE_PIXELS", MediaSettings.max_image_pixels),
            image_workers=get_int("MEDIA_IMAGE_WORKERS", MediaSettings.image_workers),
            signed_url_seconds=get_int("MEDIA_SIGNED_URL_SECONDS", MediaSettings.signed_url_seconds),
            x_accel=get_bool("MEDIA_X_ACCEL", False),
            gc_grace_hours=get_int("MEDIA_GC_GRACE_HOURS", MediaSettings.gc_grace_hours),
        ),
        payments=PaymentSettings(
            stripe_secret_key=get("STRIPE_SECRET_KEY"),
            stripe_webhook_secret=get("STRIPE_WEBHOOK_SECRET"),
            stripe_api_base=get("STRIPE_API_BASE"),
            paypal_client_id=get("PAYPAL_CLIENT_ID"),
            paypal_client_secret=get("PAYPAL_CLIENT_SECRET"),
            paypal_webhook_id=get("PAYPAL_WEBHOOK_ID"),
            paypal_environment=(get("PAYPAL_ENVIRONMENT") or "sandbox").lower(),
            paypal_api_base=get("PAYPAL_API_BASE"),
            platform_fee_percent=get_float("PLATFORM_FEE_PERCENT", PaymentSettings.platform_fee_percent),
            public_base_url=get("PUBLIC_BASE_URL"),
            test_provider=get_bool("PAYMENTS_TEST_PROVIDER", env is not Environment.PRODUCTION),
            provider_timeout_seconds=get_float(
                "PAYMENT_PROVIDER_TIMEOUT_SECONDS", PaymentSettings.provider_timeout_seconds
            ),
        ),
        mail=MailSettings(
            smtp_url=get("SMTP_URL"),
            sender=get("MAIL_FROM") or "",
            product_name=get("PRODUCT_NAME") or MailSettings.product_name,
            worker=get_bool("MAIL_WORKER", True),
            max_attempts=get_int("MAIL_MAX_ATTEMPTS", MailSettings.max_attempts),
            retry_base_seconds=get_float("MAIL_RETRY_BASE_SECONDS", MailSettings.retry_base_seconds),
            retry_cap_seconds=get_float("MAIL_RETRY_CAP_SECONDS", MailSettings.retry_cap_seconds),
            lease_seconds=get_float("MAIL_LEASE_SECONDS", MailSettings.lease_seconds),
            poll_seconds=get_float("MAIL_POLL_SECONDS", MailSettings.poll_seconds),
            batch_size=get_int("MAIL_BATCH_SIZE", MailSettings.batch_size),
            connections=get_int("MAIL_CONNECTIONS", MailSettings.connections),
            timeout_seconds=get_float("SMTP_TIMEOUT_SECONDS", MailSettings.timeout_seconds),
            keep_sent_days=get_int("MAIL_KEEP_SENT_DAYS", MailSettings.keep_sent_days),
        ),
        notifications=NotificationSettings(
            worker=get_bool("NOTIFICATIONS_WORKER", True),
            interval_seconds=get_float("NOTIFICATIONS_INTERVAL_SECONDS", NotificationSettings.interval_seconds),
            digest_minutes=get_int("NOTIFICATIONS_DIGEST_MINUTES", NotificationSettings.digest_minutes),
            gather_seconds=get_float("NOTIFICATIONS_GATHER_SECONDS", NotificationSettings.gather_seconds),
            mention_delay_minutes=get_int(
                "NOTIFICATIONS_MENTION_DELAY_MINUTES", NotificationSettings.mention_delay_minutes
            ),
        ),
        redis_pool=RedisPool(
            max_connections=get_int("REDIS_MAX_CONNECTIONS", RedisPool.max_connections),
            timeout_seconds=get_float("REDIS_POOL_TIMEOUT_SECONDS", RedisPool.timeout_seconds),
            idle_seconds=get_float("REDIS_IDLE_SECONDS", RedisPool.idle_seconds),
        ),
    )


# The settings of the single-server client's blocking pool, which redis-py's cluster client has
# no equivalent of (see `core.redis`): set with a cluster URL they would silently do nothing.
SINGLE_NODE_REDIS_SETTINGS = ("REDIS_POOL_TIMEOUT_SECONDS", "REDIS_IDLE_SECONDS")


def _refuse_single_node_redis_settings(get: Callable[[str], str | None]) -> None:
    from edusphere.core.redisurl import is_cluster_url

    url = get("REDIS_URL")
    if url is None or not is_cluster_url(url):
        return
    mixed = [name for name in SINGLE_NODE_REDIS_SETTINGS if get(name) is not None]
    if mixed:
        raise ConfigurationError(
            f"REDIS_URL names a Redis Cluster, but {', '.join(mixed)} {'is' if len(mixed) == 1 else 'are'} set: "
            "single-server pool settings the cluster client has no equivalent of. Unset them "
            "(REDIS_MAX_CONNECTIONS bounds each cluster node's connections), or use a redis:// URL."
        )


def _default(defaults: dict[str, object], name: str) -> RateLimit:
    value = defaults[name]
    assert isinstance(value, RateLimit)
    return value
