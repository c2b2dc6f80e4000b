"""Money is integer fen (分) everywhere; these helpers parse and show yuan (元) exactly."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def yuan(fen: int) -> str:
    """12345678 → "123,456.78"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def parse_yuan(text: str) -> int:
    """ "1,234.5" / "1234.50元" → 123450 fen. Raises ValueError with a Chinese message."""
    if type(text) is str:  # the common "1234" / "1234.5" / "1234.50", without Decimal (same result)
        whole, dot, cents = text.partition(".")
        if (
            0 < len(whole) <= 12
            and whole.isascii()
            and whole.isdigit()
            and (not dot or (0 < len(cents) <= 2 and cents.isascii() and cents.isdigit()))
        ):
            return int(whole + (cents + "00")[:2])
    return decimal_yuan(text)


def decimal_yuan(text: str) -> int:
    """What parse_yuan gives, by its plain definition with Decimal (the fast path must agree with it)."""
    cleaned = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"金额“{text}”不是有效的数字") from None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"金额“{text}”最多两位小数（到分）")
    if abs(value) >= Decimal("1e12"):
        raise ValueError(f"金额“{text}”过大")
    return int(value * 100)
