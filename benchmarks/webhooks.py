"""Signed Stripe webhook deliveries: how many one server process verifies and applies per
second, duplicates included, beside the plain-route floor measured in the same run; then 100
concurrent deliveries of one event, which must make one enrollment.

Starts `edusphere serve` pinned to CPU 0 with a Stripe webhook secret (DATABASE_URL/REDIS_URL
from the environment, or embedded servers), writes N pending Stripe orders straight into the
database, and POSTs `checkout.session.completed` events signed for real (HMAC-SHA256 over
`t.payload`, as Stripe signs) from CPU 1, each event delivered `--copies` times in random order.

    PYTHONPATH=. python benchmarks/webhooks.py [--orders 2000] [--copies 3] [--connections 16]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import random
import secrets
import time
import uuid
from contextlib import AsyncExitStack
from typing import Any

import httpx

from benchmarks.harness import connected_database, data_directory, http_load, http_request, pin_to_cpu, server
from edusphere.auth.models import User
from edusphere.courses.models import Course, CourseStatus, Enrollment
from edusphere.payments.models import JournalEntry, Order, OrderStatus, PaymentEvent, ProviderName

SECRET = "whsec_benchmark_" + secrets.token_hex(8)
NO_LOGIN = "!"  # not an Argon2 hash: these accounts cannot sign in


def signed(event: dict[str, Any]) -> tuple[bytes, str]:
    body = json.dumps(event, separators=(",", ":")).encode()
    timestamp = int(time.time())
    signature = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def completed(order: Order) -> dict[str, Any]:
    session = {
        "id": order.provider_reference,
        "object": "checkout.session",
        "client_reference_id": str(order.id),
        "metadata": {"order_id": str(order.id)},
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": order.amount_cents,
        "currency": order.currency.lower(),
        "payment_intent": f"pi_{order.id.hex[:24]}",
    }
    return {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": "checkout.session.completed",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": session},
    }


async def pending_orders(count: int) -> list[Order]:
    tag = secrets.token_hex(3)
    creator = await User.create(email=f"bench-creator-{tag}@example.com", display_name="Bench", password_hash=NO_LOGIN,
                                role="CREATOR")  # fmt: skip
    course = await Course.create(slug=f"bench-webhooks-{tag}", title="Webhook benchmark", creator=creator,
                                 price_cents=4_900, currency="USD", status=CourseStatus.PUBLISHED)  # fmt: skip
    buyers = [User(id=uuid.uuid4(), email=f"bench-{tag}-{n}@example.com", display_name="Buyer", password_hash=NO_LOGIN)
              for n in range(count)]  # fmt: skip
    await User.bulk_create(buyers, batch_size=1_000)
    orders = [
        Order(id=uuid.uuid4(), buyer_id=b.id, course_id=course.id, provider=ProviderName.STRIPE,
              list_price_cents=4_900, amount_cents=4_900, currency="USD", provider_reference=f"cs_{uuid.uuid4().hex}")
        for b in buyers
    ]  # fmt: skip
    await Order.bulk_create(orders, batch_size=1_000)
    return orders


async def measure(base_url: str, orders: list[Order], copies: int, connections: int, seconds: float) -> None:
    host = base_url.removeprefix("http://")
    deliveries = []
    for order in orders[1:]:
        body, signature = signed(completed(order))
        request = http_request("POST", "/webhooks/stripe", host, body,
                               {"Content-Type": "application/json", "Stripe-Signature": signature})  # fmt: skip
        deliveries += [request] * copies
    random.shuffle(deliveries)
    queue = iter(deliveries)
    health = http_request("GET", "/healthz", host)
    await http_load(base_url, health, name="warm-up", connections=connections, seconds=1)
    floor = await http_load(base_url, health, name="GET /healthz (floor)", connections=connections, seconds=seconds)
    sent = await http_load(
        base_url, lambda: next(queue, health), name="POST /webhooks/stripe", connections=connections,
        seconds=seconds, reject=b'"error"',
    )  # fmt: skip
    paid = await Order.filter(id__in=[o.id for o in orders[1:]], status=OrderStatus.PAID).count()
    events = await PaymentEvent.filter(order_id__in=[o.id for o in orders[1:]]).count()
    print(f"{connections} connections, {seconds:g} s each, server on CPU 0 (one process), generator on CPU 1")
    print(floor.line())
    print(sent.line())
    used = min(len(sent.latencies), len(deliveries))
    print(f"  {used} signed deliveries answered ({copies} copies of each event, shuffled): {events} events applied,"
          f" {paid} orders paid and enrolled; the rest were duplicates")  # fmt: skip
    print(f"  webhooks at {100 * sent.requests_per_second / floor.requests_per_second:.0f}% of the floor")

    one = orders[0]
    body, signature = signed(completed(one))
    headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        answers = await asyncio.gather(*(client.post("/webhooks/stripe", content=body, headers=headers)
                                         for _ in range(100)))  # fmt: skip
    statuses = sorted({a.status_code for a in answers})
    duplicates = sum(1 for a in answers if a.status_code == 200 and a.json().get("duplicate"))
    enrollments = await Enrollment.filter(learner_id=one.buyer_id, course_id=one.course_id).count()  # type: ignore[attr-defined]
    entries = await JournalEntry.filter(order_id=one.id).count()
    print(f"100 concurrent deliveries of one event: statuses {statuses}, {100 - duplicates} applied,"
          f" {duplicates} duplicates; enrollments {enrollments}, ledger entries {entries}")  # fmt: skip


async def run(args: argparse.Namespace) -> None:
    with data_directory() as data_dir:
        async with AsyncExitStack() as stack:
            database_url, redis_url = await connected_database(stack, data_dir)
            orders = await pending_orders(args.orders + 1)
            env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "STRIPE_SECRET_KEY": "sk_test_benchmark",
                   "STRIPE_WEBHOOK_SECRET": SECRET, "STRIPE_API_BASE": "http://127.0.0.1:9"}  # fmt: skip
            with server(cpu=0, data_dir=data_dir, extra_env=env) as base_url:
                pin_to_cpu(1)
                await measure(base_url, orders, args.copies, args.connections, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
