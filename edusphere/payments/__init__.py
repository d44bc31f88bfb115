"""Selling courses: orders, providers (Stripe, PayPal, a local TEST one), webhooks, refunds,
coupons and the creators' double-entry ledger."""
