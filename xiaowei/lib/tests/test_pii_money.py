"""The fast paths of lib.pii and lib.money give exactly what the plain definitions give."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random

import pytest
from django.conf import settings

from xiaowei.lib.money import decimal_yuan, parse_yuan
from xiaowei.lib.pii import check_id_number, id_check_digit, id_hash, id_hasher

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643: 2^(i-1) mod 11, i counted from the right


def plain_check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def plain_check(raw: str) -> str:
    number = str(raw).strip().upper()
    if (
        len(number) != 18
        or not number[:17].isascii()
        or not number[:17].isdigit()
        or number[17] not in "0123456789X"
    ):
        raise ValueError("身份证号码应为 18 位（前 17 位数字，最后一位数字或 X）")
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("身份证号码中的出生日期无效") from None
    if plain_check_digit(number[:17]) != number[17]:
        raise ValueError("身份证号码校验位不正确（GB 11643），请核对")
    return number


def outcome(f, value):
    try:
        return f(value)
    except ValueError as e:
        return ("error", str(e))


def test_check_digit_and_number_check_agree_with_the_definition() -> None:
    rng = random.Random(11)
    assert id_check_digit("11010519491231002") == "X"  # the standard's example
    assert id_check_digit("٣" * 17) == plain_check_digit("٣" * 17)  # non-ASCII digits: the plain path
    numbers = [" 11010519491231002x ", "11010520000229002X", "11010519000229002X", "1101051949123100２X", ""]
    for _ in range(20_000):
        first17 = f"431382{rng.randint(18000101, 20301231)}{rng.randrange(1000):03d}"
        assert id_check_digit(first17) == plain_check_digit(first17)
        numbers += [first17 + plain_check_digit(first17), first17 + rng.choice("0123456789Xx")]
        numbers.append(first17[: rng.randrange(17)] + rng.choice(["", "a", "1"]) + first17[10:] + "1")
    for number in numbers:
        assert outcome(check_id_number, number) == outcome(plain_check, number), number


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "00",
        "1",
        "1.",
        ".5",
        "1.5",
        "1.50",
        "1.505",
        "999999999999.99",
        "1000000000000",
        "0999999999999",
        "１２",
        "1_000",
        "1,000.5",
        "-5",
        "+5",
        " 5 ",
        "5元",
        "1e2",
        "NaN",
        "",
        "٣",
        "12.3x",
        "1.2.3",
        "²",
        "1.٣",
    ],
)
def test_parse_yuan_fast_path_agrees_with_decimal(text: str) -> None:
    assert outcome(parse_yuan, text) == outcome(decimal_yuan, text)


def test_parse_yuan_agrees_with_decimal_on_random_text() -> None:
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choice("0123456789.,-+ 元") for _ in range(rng.randint(0, 16)))
        assert outcome(parse_yuan, text) == outcome(decimal_yuan, text), text


def test_id_hash_is_hmac_sha256_of_the_normalised_number() -> None:
    key = settings.XIAOWEI_PII_KEY.encode()
    for number in ["11010519491231002X", " 11010519491231002x "]:
        expected = hmac.new(key, b"11010519491231002X", hashlib.sha256).hexdigest()
        assert id_hash(number) == id_hasher()(number) == expected
