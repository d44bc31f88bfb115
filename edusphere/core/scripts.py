"""Lua scripts called with named keys and arguments instead of positions.

A script is a frozen dataclass: each field is one KEY (`key()`) or one ARGV (`arg()`), and the
Lua source it runs opens with `local K = {name = KEYS[i], ...}` and `local A = {...}` built from
those fields, so the body reads `K.seq` and `A.window`, and a caller builds the call by name
(`Append(seq=..., window=...)`): a key can no longer slide into another's place when one is
added, and mypy checks each one. The scripts run with EVALSHA (only the hash travels; Redis
compiles the body once), loaded again on NOSCRIPT after a restart or a SCRIPT FLUSH.

Every key a script touches is one of its KEYS: Redis Cluster routes a script by them (and
refuses keys of different slots), so which keys share a hash tag is decided where they are
defined (see `edusphere.chat.keys`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, ClassVar

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import NoScriptError

Value = str | int | float | bytes


def key() -> Any:
    """A field that is one of the script's KEYS (a Redis key name)."""
    return dataclasses.field(metadata={"script": "key"})


def arg() -> Any:
    """A field that is one of the script's ARGV (a value)."""
    return dataclasses.field(metadata={"script": "arg"})


@dataclasses.dataclass(frozen=True)
class Script:
    """Subclass as a frozen dataclass with a `LUA` body and `key()`/`arg()` fields. `PRELUDE`
    (functions shared by several scripts) goes before the generated tables."""

    LUA: ClassVar[str] = ""
    PRELUDE: ClassVar[str] = ""
    _source: ClassVar[str]
    _sha: ClassVar[str]
    _keys: ClassVar[tuple[str, ...]]
    _args: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._source = ""  # built on first use: the dataclass decorator runs after this hook

    @classmethod
    def _compile(cls) -> None:
        fields = dataclasses.fields(cls)
        cls._keys = tuple(f.name for f in fields if f.metadata.get("script") == "key")
        cls._args = tuple(f.name for f in fields if f.metadata.get("script") == "arg")
        unmarked = [f.name for f in fields if "script" not in f.metadata]
        if unmarked:
            raise TypeError(f"{cls.__name__}: fields {unmarked} are neither key() nor arg()")
        keys = ", ".join(f"{name} = KEYS[{i}]" for i, name in enumerate(cls._keys, 1))
        args = ", ".join(f"{name} = ARGV[{i}]" for i, name in enumerate(cls._args, 1))
        cls._source = f"{cls.PRELUDE}\nlocal K = {{{keys}}}\nlocal A = {{{args}}}\n{cls.LUA}"
        cls._sha = hashlib.sha1(cls._source.encode()).hexdigest()  # noqa: S324 - Redis names scripts by SHA-1

    @classmethod
    def script_source(cls) -> str:
        """The Lua that runs, tables included."""
        if not cls._source:
            cls._compile()
        return cls._source

    def keys(self) -> list[str]:
        self.script_source()
        return [getattr(self, name) for name in self._keys]

    def args(self) -> list[Value]:
        self.script_source()
        return [getattr(self, name) for name in self._args]

    async def run(self, redis: Redis) -> Any:
        keys, args = self.keys(), self.args()
        try:
            return await redis.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:
            return await redis.eval(self._source, len(keys), *keys, *args)

    def queue(self, pipe: Pipeline) -> None:
        """Add the call to `pipe` (EVAL: a pipeline cannot recover from one NOSCRIPT)."""
        keys = self.keys()
        pipe.eval(self.script_source(), len(keys), *keys, *self.args())
