"""Lua scripts called by name: the KEYS/ARGV tables come from the dataclass fields."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import ClassVar

import pytest
from redis.asyncio import Redis

from edusphere.core.scripts import Script, arg, key


@dataclass(frozen=True)
class Swap(Script):
    """Moves `value` into `target` and returns what `source` held (a test script)."""

    LUA: ClassVar[str] = """
local old = redis.call('GET', K.source)
redis.call('SET', K.target, A.value)
return {old or '', A.label}
"""

    source: str = key()
    target: str = key()
    value: str = arg()
    label: str = arg()


def test_keys_and_arguments_are_laid_out_by_name() -> None:
    call = Swap(source="s", target="t", value="v", label="l")
    assert call.keys() == ["s", "t"]
    assert call.args() == ["v", "l"]
    assert "local K = {source = KEYS[1], target = KEYS[2]}" in Swap.script_source()
    assert "local A = {value = ARGV[1], label = ARGV[2]}" in Swap.script_source()


def test_a_field_that_is_neither_key_nor_arg_is_refused() -> None:
    @dataclass(frozen=True)
    class Careless(Script):
        LUA: ClassVar[str] = "return 1"
        name: str = key()
        loose: str = "x"

    with pytest.raises(TypeError, match="loose"):
        Careless(name="n").keys()


async def test_it_runs_by_sha_and_loads_itself_when_redis_does_not_know_it(redis: Redis) -> None:
    @dataclass(frozen=True)
    class Fresh(Swap):
        LUA: ClassVar[str] = f"-- {secrets.token_hex(8)}\n" + Swap.LUA  # a script this Redis has never seen

    prefix = f"test-scripts-{secrets.token_hex(4)}:"
    await redis.set(prefix + "a", "first")
    try:
        assert await Fresh(source=prefix + "a", target=prefix + "b", value="moved", label="one").run(redis) == [
            "first", "one"
        ]  # fmt: skip
        assert (await redis.script_exists(Fresh._sha)) == [True]
        assert await Fresh(source=prefix + "b", target=prefix + "a", value="back", label="two").run(redis) == [
            "moved", "two"
        ]  # fmt: skip
    finally:
        await redis.delete(prefix + "a", prefix + "b")
