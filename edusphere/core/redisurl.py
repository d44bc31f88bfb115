"""REDIS_URL: one Redis server, or a Redis Cluster named by some of its nodes.

`redis://`, `rediss://` and `unix://` name one server, as redis-py reads them (a database
number included). `redis+cluster://[[user]:password@]host:port[,host:port...]` names a
cluster: any node that answers is enough, the client discovers the others from it; more are
only there in case the first is down. `rediss+cluster://` is the same over TLS. A cluster has
only database 0 and no Unix sockets, so a path other than `/` or `/0` is refused, as is a
query (redis-py's URL options are single-node ones) and a single-node URL naming several
hosts (a missing `+cluster`); every refusal says what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from edusphere.core.configuration import ConfigurationError

CLUSTER_SCHEMES = {"redis+cluster": False, "rediss+cluster": True}
SINGLE_SCHEMES = ("redis", "rediss", "unix")
DEFAULT_PORT = 6379
_NODE = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^\[\]:/?#@\s]+))(?::(?P<port>[^:]*))?$")


@dataclass(frozen=True)
class ClusterNodeAddress:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class ClusterURL:
    """A Redis Cluster: the nodes to start discovery from, and how to talk to every node."""

    nodes: tuple[ClusterNodeAddress, ...]
    username: str | None = None
    password: str | None = None
    tls: bool = False

    def describe(self) -> str:
        """The nodes, for messages (never the password)."""
        return ", ".join(str(node) for node in self.nodes)


def is_cluster_url(url: str) -> bool:
    scheme, sep, _ = url.strip().partition("://")
    return bool(sep) and scheme.lower() in CLUSTER_SCHEMES


def parse_redis_url(url: str) -> ClusterURL | None:
    """The cluster `url` names, or None for a single-server URL (checked as far as cluster
    confusion goes: redis-py reads the rest); ConfigurationError for a malformed one."""
    scheme, sep, rest = url.strip().partition("://")
    scheme = scheme.lower()
    if not sep:
        raise ConfigurationError(
            "REDIS_URL must be redis://host:port/db, rediss://..., unix:///path, or "
            "redis+cluster://host:port[,host:port...] for a Redis Cluster."
        )
    if scheme not in CLUSTER_SCHEMES:
        if scheme not in SINGLE_SCHEMES:
            raise ConfigurationError(
                f"REDIS_URL has an unknown scheme {scheme!r}: use redis://, rediss://, unix:// "
                "(one server) or redis+cluster://, rediss+cluster:// (a Redis Cluster)."
            )
        authority = rest.split("/", 1)[0].rpartition("@")[2]
        if "," in authority:
            raise ConfigurationError(
                f"REDIS_URL names several servers ({authority}) with {scheme}://, which is one server: "
                f"a Redis Cluster is {scheme}+cluster://{authority}."
            )
        return None
    tls = CLUSTER_SCHEMES[scheme]
    authority, slash, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    if "?" in authority:
        authority, _, query = authority.partition("?")
    if "#" in authority or "#" in path or "#" in query:
        raise ConfigurationError("REDIS_URL (a Redis Cluster) must not have a fragment (#...).")
    if query:
        raise ConfigurationError(
            f"REDIS_URL (a Redis Cluster) takes no query options (got ?{query}): they are single-server "
            "settings; a cluster is redis+cluster://[user:password@]host:port[,host:port...]."
        )
    if slash and path not in ("", "0"):
        raise ConfigurationError(
            f"REDIS_URL (a Redis Cluster) names database /{path}: a cluster has only database 0 "
            "(and no Unix sockets). Drop the path, or use redis://host:port/N for one server."
        )
    credentials, at, hosts = authority.rpartition("@")
    username = password = None
    if at:
        user, colon, secret = credentials.partition(":")
        username = unquote(user) or None
        password = unquote(secret) if colon else None
        if password is None and username is not None:  # "redis://secret@host" is a password
            username, password = None, username
    nodes: list[ClusterNodeAddress] = []
    for part in hosts.split(","):
        node = _node(part.strip(), url_hosts=hosts)
        if node in nodes:
            raise ConfigurationError(f"REDIS_URL (a Redis Cluster) names {node} twice.")
        nodes.append(node)
    return ClusterURL(nodes=tuple(nodes), username=username, password=password or None, tls=tls)


def _node(text: str, *, url_hosts: str) -> ClusterNodeAddress:
    if not text:
        raise ConfigurationError(
            f"REDIS_URL (a Redis Cluster) must name at least one node as host:port, comma separated; got {url_hosts!r}."
        )
    match = _NODE.match(text)
    if match is None:
        raise ConfigurationError(f"REDIS_URL (a Redis Cluster) has a node that is not host:port: {text!r}.")
    host = match.group("v6") or match.group("host")
    raw_port = match.group("port")
    if raw_port is None:
        return ClusterNodeAddress(host, DEFAULT_PORT)
    if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
        raise ConfigurationError(
            f"REDIS_URL (a Redis Cluster) has a node with a bad port: {text!r} (a port is 1 to 65535)."
        )
    return ClusterNodeAddress(host, int(raw_port))
