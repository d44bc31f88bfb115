"""A whole refund (the real path: a TEST-provider purchase, an admin's refundOrder) revokes the
certificate through the enrollment alone; a partial refund leaves it valid."""

from __future__ import annotations

from edusphere.certificates.models import Certificate
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from tests.courses import factories as courses
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: TEST) { order { id } } }"""
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { status } }"
REFUND = """mutation($o: ID!, $a: Int, $r: String) { refundOrder(orderId: $o, amountCents: $a, reason: $r) {
  status } }"""
CERTIFICATE = "query($id: ID!) { certificate(id: $id) { valid revokedAt } }"


async def test_a_whole_refund_revokes_the_certificate(gql: GraphQLClient, runtime: Runtime) -> None:
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    order = (await gql(CHECKOUT, {"c": str(course.id)}, token=learner.access_token)).ok()["checkout"]["order"]["id"]
    assert (await gql(PAY, {"o": order}, token=learner.access_token)).ok()["completeTestPayment"]["status"] == "PAID"
    for lesson in await courses.lessons_of(course):
        await enrollment.complete_lesson(learner.viewer, str(lesson.id))
    cert = await Certificate.get()
    assert (await gql(CERTIFICATE, {"id": str(cert.id)})).ok()["certificate"] == {"valid": True, "revokedAt": None}

    boss = await admin(runtime)
    part = (await gql(REFUND, {"o": order, "a": 900, "r": "Goodwill"}, token=boss.access_token)).ok()
    assert part["refundOrder"]["status"] == "PARTIALLY_REFUNDED"
    assert (await gql(CERTIFICATE, {"id": str(cert.id)})).ok()["certificate"]["valid"] is True
    whole = (await gql(REFUND, {"o": order, "r": "The rest"}, token=boss.access_token)).ok()
    assert whole["refundOrder"]["status"] == "REFUNDED"
    revoked = (await gql(CERTIFICATE, {"id": str(cert.id)})).ok()["certificate"]
    assert revoked["valid"] is False
    assert revoked["revokedAt"] is not None
    assert await Certificate.all().count() == 1
