"""`edusphere payments check`, run as a real process against the session's database."""

from __future__ import annotations

import json

from edusphere.core.runtime import Runtime
from edusphere.payments.models import LedgerLine
from tests.helpers import GraphQLClient
from tests.payments.factories import buyer, paid_course
from tests.processes import command_env, run_edusphere

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: TEST) { order { id } } }"""
PAY = """mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { status } }"""


async def test_check_passes_on_a_balanced_ledger_and_fails_on_a_tampered_one(
    runtime: Runtime, gql: GraphQLClient, database_url: str
) -> None:
    _, course = await paid_course(runtime, 3_000)
    learner = await buyer(runtime)
    order = (await gql(CHECKOUT, {"c": str(course.id)}, token=learner.access_token)).data["checkout"]["order"]
    assert (await gql(PAY, {"o": order["id"]}, token=learner.access_token)).data

    env = command_env(DATABASE_URL=database_url)
    good = run_edusphere("payments", "check", env=env)
    assert good.returncode == 0, good.stderr
    report = json.loads(good.stdout)
    assert report["ok"] is True
    assert report["entries"] == 1
    assert report["lines"] == 3
    assert report["totals"] == {"USD": 0}

    line = await LedgerLine.filter(account="platform:fees").first()
    assert line is not None
    await LedgerLine.filter(id=line.id).update(amount_cents=line.amount_cents - 1)
    bad = run_edusphere("payments", "check", env=env)
    assert bad.returncode == 1
    broken = json.loads(bad.stdout)
    assert broken["ok"] is False
    assert broken["totals"] == {"USD": -1}
    assert len(broken["unbalanced_entries"]) == 1
