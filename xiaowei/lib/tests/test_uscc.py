"""Tests for xiaowei.lib.uscc (GB 32100-2015 统一社会信用代码)."""

from __future__ import annotations

import random

import pytest

from xiaowei.lib.uscc import ALPHABET, check_uscc, org_code_check_char, uscc_check_char

# Real codes printed in public sources (each checked here, not assumed):
PUBLISHED = [
    # 小米科技有限责任公司 — README example of the MIT-licensed uscc-utils package (npm uscc-utils 0.7.0).
    "91110108551385082Q",
    # 中国石油化工股份有限公司 — example on docs.kausate.com/jurisdictions/china.
    "91110000710926094P",
    # org-id.guide list CN-USCI (github.com/org-id/register lists/cn/cn-usci.json, "exampleIdentifiers"):
    # overseas-NGO representative offices, registration authority "G".
    "G1610000713522976L",
    "G1330000MCW06863XQ",
    "G11100007178352756",
    # Test list of a JS validator: github.com/02020/vite, learn/utils/validateSocialCreditCode.js
    "91350200776049653A",
    "91440101MA5CJQ4N59",
    "123502001549897397",  # 事业单位 (authority 1, category 2), Xiamen
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert check_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]


def test_lower_case_full_width_and_spaces_are_normalised() -> None:
    # Decision: case and width carry no information, so they are normalised rather than rejected.
    assert check_uscc(" 91110108551385082q ") == "91110108551385082Q"
    assert check_uscc("９１１１０１０８５５１３８５０８２Ｑ") == "91110108551385082Q"
    assert check_uscc("911101-0855138508-2Q") == "91110108551385082Q"


@pytest.mark.parametrize("raw", ["", "9111010855138508", "91110108551385082Q1", "91110108551385082"])
def test_wrong_length(raw: str) -> None:
    with pytest.raises(ValueError, match="应为18位"):
        check_uscc(raw)


@pytest.mark.parametrize("letter", "IOZSV")
def test_letters_outside_the_alphabet(letter: str) -> None:
    code = "91110108551385082Q"
    with pytest.raises(ValueError, match=f"非法字符：{letter}"):
        check_uscc(code[:10] + letter + code[11:])


def test_punctuation_is_an_illegal_character() -> None:
    with pytest.raises(ValueError, match="非法字符"):
        check_uscc("9111010855138508*Q")


def test_bad_final_check_character() -> None:
    with pytest.raises(ValueError, match="第18位应为“Q”，实为“R”"):
        check_uscc("91110108551385082R")


def test_a_published_code_with_a_bad_check_character_is_rejected() -> None:
    # This string is special-cased as "valid" by the JS validator cited above; its own arithmetic rejects it.
    with pytest.raises(ValueError, match="第18位应为“9”"):
        check_uscc("91350203M0001QAY9B")


def test_bad_org_code_check_digit() -> None:
    # Change the 17th character (the GB 11714 check digit) and recompute the final check so only it is wrong.
    body = "9111010855138508" + "3"
    code = body + uscc_check_char(body)
    with pytest.raises(ValueError, match="组织机构代码“551385083”校验位错误：第17位应为“2”"):
        check_uscc(code)


def test_unknown_registration_authority() -> None:
    body = "B1110108551385082"
    with pytest.raises(ValueError, match="登记管理部门代码“B”不存在"):
        check_uscc(body + uscc_check_char(body))


def test_category_not_allowed_for_market_regulation() -> None:
    body = "94110108551385082"
    with pytest.raises(ValueError, match="机构类别代码“4”不属于工商"):
        check_uscc(body + uscc_check_char(body))


def test_region_must_be_digits_of_a_real_province() -> None:
    body = "9111A108551385082"
    with pytest.raises(ValueError, match="应为6位数字"):
        check_uscc(body + uscc_check_char(body))
    body = "91990108551385082"
    with pytest.raises(ValueError, match="省级代码“99”不存在"):
        check_uscc(body + uscc_check_char(body))


def test_org_code_check_char_known_values() -> None:
    # GB 11714 check characters of the published codes above, including the X case (value 10).
    assert org_code_check_char("55138508") == "2"
    assert org_code_check_char("MCW06863") == "X"
    assert org_code_check_char("71783527") == "5"


def test_uscc_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="前17位"):
        uscc_check_char("9111")
    with pytest.raises(ValueError, match="非法字符"):
        uscc_check_char("9111010855138508O")


# Valid first two characters, and real region codes (涟源市 431382, 娄底市 431300, 海淀 110108).
_HEADS = ["91", "92", "93", "N2", "N3", "12", "51", "52", "Y1"]
_REGIONS = ["431382", "431300", "110108", "100000", "350200"]


def _random_prefix(rng: random.Random) -> str:
    org = "".join(rng.choice(ALPHABET) for _ in range(8))
    return rng.choice(_HEADS) + rng.choice(_REGIONS) + org + org_code_check_char(org)


def test_property_computed_check_char_validates_and_every_other_char_fails() -> None:
    rng = random.Random(20151001)  # GB 32100-2015 took effect 2015-10-01
    for _ in range(300):
        prefix = _random_prefix(rng)
        good = uscc_check_char(prefix)
        assert check_uscc(prefix + good) == prefix + good
        for other in ALPHABET:
            if other != good:
                with pytest.raises(ValueError, match="校验码错误"):
                    check_uscc(prefix + other)
