"""GraphQL over HTTP against the plain-route baseline.

Starts `edusphere serve` pinned to CPU 0 (DATABASE_URL/REDIS_URL from the environment, or the
embedded servers), signs up a user, then drives `/healthz` and `POST /graphql { me { id } }`
with a valid token from CPU 1 and prints requests/s and p50/p99 latency side by side.

    python benchmarks/graphql_http.py [--seconds 10] [--connections 32] [--url http://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
from contextlib import nullcontext

import httpx

from benchmarks.harness import http_load, http_request, pin_to_cpu, server, use_uvloop

REGISTER = """mutation($input: RegisterInput!) { register(input: $input) { accessToken } }"""


def sign_up(base_url: str) -> str:
    variables = {
        "input": {
            "email": f"bench-{secrets.token_hex(4)}@example.com",
            "password": "a long enough load-test passphrase",
            "displayName": "Bench",
            "role": "LEARNER",
        }
    }
    response = httpx.post(f"{base_url}/graphql", json={"query": REGISTER, "variables": variables}, timeout=30)
    token: str = response.json()["data"]["register"]["accessToken"]
    return token


async def measure(base_url: str, seconds: float, connections: int) -> None:
    host = base_url.removeprefix("http://")
    token = sign_up(base_url)
    body = json.dumps({"query": "{ me { id } }"}).encode()
    graphql = http_request(
        "POST", "/graphql", host, body, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    )
    health = http_request("GET", "/healthz", host)
    await http_load(base_url, health, name="warm-up", connections=connections, seconds=1)
    baseline = await http_load(
        base_url, health, name="GET /healthz (baseline)", connections=connections, seconds=seconds
    )
    result = await http_load(
        base_url, graphql, name="POST /graphql { me { id } }", connections=connections, seconds=seconds
    )
    print(f"{connections} connections, {seconds:g} s each, server on CPU 0, generator on CPU 1")
    print(baseline.line())
    print(result.line())
    print(f"GraphQL at {100 * result.requests_per_second / baseline.requests_per_second:.0f}% of the baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an already running server (default: start one)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with nullcontext(args.url) if args.url else server(cpu=0) as base_url:
        pin_to_cpu(1)
        use_uvloop()
        asyncio.run(measure(base_url, args.seconds, args.connections))


if __name__ == "__main__":
    main()
