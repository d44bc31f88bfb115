"""GraphQL resolvers for payments: parse arguments, check the role, call a service function."""

from __future__ import annotations

from typing import Any

from edusphere.auth.models import User
from edusphere.auth.viewer import require_admin, require_viewer
from edusphere.core.counting import Counter
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.graphql.selection import selects
from edusphere.core.pagination import connection
from edusphere.courses import loaders
from edusphere.courses.models import Course
from edusphere.courses.validation import check_currency, check_price
from edusphere.payments import admin, checkout, coupons, earnings, providers, refunds
from edusphere.payments.models import Coupon, Order, ProviderName, Refund, RefundStatus

Args = dict[str, Any]


@resolver("Query.paymentOptions")
async def payment_options(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    settings = ctx.runtime.settings.payments
    return {
        "providers": [p.value for p in providers.enabled(settings)],
        "platform_fee_percent": settings.platform_fee_percent,
    }


@resolver("Query.priceQuote")
async def price_quote(parent: Any, args: Args, ctx: RequestContext, info: Any) -> checkout.Quote:
    return await checkout.price_quote(ctx.runtime, require_viewer(ctx), args["courseId"], args.get("couponCode"))


@resolver("Query.feeEstimate")
async def fee_estimate(parent: Any, args: Args, ctx: RequestContext, info: Any) -> checkout.Quote:
    require_viewer(ctx)
    currency = check_currency(args["currency"])
    price = check_price(args["priceCents"], currency)
    return checkout.quote_for(ctx.runtime, price, currency, coupons.discount(None, price))


@resolver("Query.order")
async def order(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Order | None:
    try:
        return await checkout.buyers_order(require_viewer(ctx), args["id"])
    except AppError as error:  # an unknown or someone else's order is simply not there
        if error.code is ErrorCode.NOT_FOUND:
            return None
        raise


@resolver("Query.myOrders")
async def my_orders(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    viewer = require_viewer(ctx)
    page = await earnings.order_page(
        ctx.runtime.settings.secret_key, buyer_id=viewer.id, first=args.get("first"), after=args.get("after")
    )
    return connection(page.items, page.cursors, page.has_next_page)


@resolver("Query.orders")
async def all_orders(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    order_filter = admin.check_filter(args.get("filter"), args.get("status"))
    found = await admin.order_page(
        ctx.runtime.settings.secret_key, order_filter, args.get("first"), args.get("after"),
        count=selects(info, "totalCount", "totalCountCapped"),
    )  # fmt: skip
    page = found.page
    return connection(page.items, page.cursors, page.has_next_page, counter=found.counter)


@resolver("OrderConnection.totalCount")
async def order_total_count(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> int | None:
    """Counted (up to COUNT_CAP) only when asked for, and only for the admins' list (null on
    myOrders); one count with totalCountCapped."""
    counter: Counter | None = parent.get("counter")
    return None if counter is None else await counter.count()


@resolver("OrderConnection.totalCountCapped")
async def order_total_count_capped(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> bool | None:
    counter: Counter | None = parent.get("counter")
    return None if counter is None else await counter.capped()


@resolver("Query.orderTotals")
async def order_totals(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[admin.OrderTotal]:
    require_admin(ctx)
    return await admin.totals(admin.check_filter(args.get("filter")))


@resolver("Query.ordersCsv")
async def orders_csv(parent: Any, args: Args, ctx: RequestContext, info: Any) -> str:
    require_admin(ctx)
    return await admin.orders_csv(admin.check_filter(args.get("filter")))


@resolver("UserDetail.orders")
async def user_detail_orders(detail: Any, args: Args, ctx: RequestContext, info: Any) -> list[Order]:
    require_admin(ctx)
    return await admin.user_orders(detail.user.id)


@resolver("CourseDetail.revenue")
async def course_detail_revenue(detail: Any, args: Args, ctx: RequestContext, info: Any) -> list[admin.RevenueTotal]:
    require_admin(ctx)
    return await admin.course_revenue(detail.course.id)


@resolver("Query.myCoupons")
async def my_coupons(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Coupon]:
    viewer = require_viewer(ctx)
    earnings.require_creator_or_admin(viewer)
    return await coupons.my_coupons(viewer, args.get("courseId"))


@resolver("Query.myEarnings")
async def my_earnings(parent: Any, args: Args, ctx: RequestContext, info: Any) -> earnings.Earnings:
    viewer = require_viewer(ctx)
    earnings.require_creator_or_admin(viewer)
    return await earnings.earnings(viewer.id)


@resolver("Mutation.checkout")
async def start_checkout(parent: Any, args: Args, ctx: RequestContext, info: Any) -> checkout.CheckoutResult:
    return await checkout.checkout(
        ctx.runtime, require_viewer(ctx), args["courseId"], ProviderName(args["provider"]), args.get("couponCode")
    )


@resolver("Mutation.confirmCheckout")
async def confirm_checkout(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Order:
    return await checkout.confirm_checkout(ctx.runtime, require_viewer(ctx), args["orderId"])


@resolver("Mutation.cancelCheckout")
async def cancel_checkout(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Order:
    return await checkout.cancel_checkout(ctx.runtime, require_viewer(ctx), args["orderId"])


@resolver("Mutation.completeTestPayment")
async def complete_test_payment(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Order:
    return await checkout.complete_test_payment(ctx.runtime, require_viewer(ctx), args["orderId"], args["approve"])


@resolver("Mutation.refundOrder")
async def refund_order(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Order:
    return await refunds.refund_order(
        ctx.runtime, require_viewer(ctx), args["orderId"], args.get("amountCents"), args.get("reason")
    )


@resolver("Mutation.createCoupon")
async def create_coupon(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Coupon:
    viewer = require_viewer(ctx)
    earnings.require_creator_or_admin(viewer)
    return await coupons.create_coupon(viewer, args["input"])


@resolver("Mutation.disableCoupon")
async def disable_coupon(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Coupon:
    viewer = require_viewer(ctx)
    earnings.require_creator_or_admin(viewer)
    return await coupons.disable_coupon(viewer, args["id"])


# ----- fields ------------------------------------------------------------------------------


@resolver("Order.course")
async def order_course(row: Order, args: Args, ctx: RequestContext, info: Any) -> Course | None:
    return await loaders.courses(ctx).load(row.course_id)  # type: ignore[attr-defined]


@resolver("Order.buyer")
async def order_buyer(row: Order, args: Args, ctx: RequestContext, info: Any) -> User | None:
    return await loaders.users(ctx).load(row.buyer_id)  # type: ignore[attr-defined]


@resolver("Order.refunds")
async def order_refunds(row: Order, args: Args, ctx: RequestContext, info: Any) -> list[Refund]:
    return await Refund.filter(order_id=row.id, status=RefundStatus.SUCCEEDED).order_by("created_at")


@resolver("Coupon.course")
async def coupon_course(row: Coupon, args: Args, ctx: RequestContext, info: Any) -> Course | None:
    return await loaders.courses(ctx).load(row.course_id)  # type: ignore[attr-defined]


@resolver("Coupon.problem")
async def coupon_problem(row: Coupon, args: Args, ctx: RequestContext, info: Any) -> str | None:
    course = await loaders.courses(ctx).load(row.course_id)  # type: ignore[attr-defined]
    return None if course is None else coupons.problem(row, course)
