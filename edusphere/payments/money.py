"""Amounts between EduSphere's minor units and the providers' spellings.

EduSphere keeps integers in each currency's minor units (the exponents are the courses
domain's `CURRENCIES`: JPY and KRW have none). Stripe takes the same integers with a
lower-case currency; PayPal takes decimal strings ("19.99", "2000" for JPY).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from edusphere.courses.validation import CURRENCIES


class InvalidAmount(ValueError):
    """A provider's amount that is not a number of this currency's minor units."""


def exponent(currency: str) -> int:
    try:
        return CURRENCIES[currency.upper()]
    except KeyError:
        raise InvalidAmount(f"unsupported currency {currency!r}") from None


def to_decimal_string(minor: int, currency: str) -> str:
    """1999, "USD" -> "19.99"; 2000, "JPY" -> "2000"."""
    places = exponent(currency)
    if places == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def from_decimal_string(value: str, currency: str) -> int:
    """ "19.99", "USD" -> 1999; refuses more decimal places than the currency has."""
    places = exponent(currency)
    try:
        amount = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise InvalidAmount(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise InvalidAmount(f"not an amount: {value!r}")
    minor = amount.scaleb(places)
    if minor != minor.to_integral_value():
        raise InvalidAmount(f"{value!r} has more than {places} decimal places for {currency}")
    return int(minor)


def format_amount(minor: int, currency: str) -> str:
    """For receipts and CSV: "19.99 USD"."""
    return f"{to_decimal_string(minor, currency)} {currency.upper()}"


# How an English-language page writes each supported currency (what the web app's
# Intl.NumberFormat shows in en-US): a symbol where it is unambiguous, else the code.
_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "KRW": "₩", "INR": "₹", "BRL": "R$", "CAD": "CA$",
    "AUD": "A$", "NZD": "NZ$", "MXN": "MX$", "HKD": "HK$",
}  # fmt: skip


def format_money(minor: int, currency: str) -> str:
    """For people (receipts by email): 4900, "EUR" -> "€49.00"; 123456, "CHF" -> "CHF 1,234.56";
    2000, "JPY" -> "¥2,000". Digits grouped by thousands, the currency's own decimal places."""
    code = currency.upper()
    places = exponent(code)
    whole, part = divmod(abs(minor), 10**places)
    number = f"{whole:,}" + (f".{part:0{places}d}" if places else "")
    sign = "-" if minor < 0 else ""
    symbol = _SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{code} {number}"
