"""The index words of search.bigrams: bigrams, separators, scope words, normalisation, refusals. No
database (test_search checks the engines keep each word whole)."""

from __future__ import annotations

import pytest

from xiaowei.search.bigrams import (
    MAX_REPEATS,
    MAX_TOKENS,
    SEPARATOR,
    doc_text,
    query_bigrams,
    region_tokens,
    scope_token,
    token,
)


def test_it_writes_overlapping_bigrams_with_scope_words_first() -> None:
    assert doc_text(["王小伟"], "431382105201").split() == [
        "r431382",
        "r431382105",
        "r431382105201",
        "王小",
        "小伟",
    ]


def test_it_keeps_fields_and_pieces_apart() -> None:
    words = doc_text(["张王", "伟业 有限公司"], "431382").split()
    assert words == ["r431382", "张王", SEPARATOR, "伟业", SEPARATOR, "有限", "限公", "公司"]
    assert "王伟" not in words


def test_it_writes_scope_words_only_for_prefixes_the_code_has() -> None:
    assert region_tokens("431382") == ["r431382"]
    assert region_tokens("431382105") == ["r431382", "r431382105"]
    assert region_tokens("431382105201001") == ["r431382", "r431382105", "r431382105201"]
    assert region_tokens("") == []
    with pytest.raises(ValueError, match="数字"):
        region_tokens("43138a")


def test_scope_must_be_a_county_township_or_village() -> None:
    assert scope_token("431382105") == "r431382105"
    for bad in ("43", "4313", "43138210", "431382105201001", "４３１３８２", "r431382"):
        with pytest.raises(ValueError, match="区划代码"):
            scope_token(bad)


def test_it_skips_one_character_pieces() -> None:
    assert doc_text(["王", "a 伟业"], "").split() == ["伟业"]


def test_it_normalises_full_width_and_case() -> None:
    assert doc_text(["ＡＢ１２３"], "") == "ab b1 12 23"
    assert query_bigrams("Ｂ１２") == ["b1 12"]
    assert query_bigrams("AB") == query_bigrams("ab") == ["ab"]


def test_other_characters_are_spelled_in_hex() -> None:
    assert token("王伟") == "王伟"
    assert token("a-") == "u00006100002d"
    assert token("·买") == "u0000b7004e70"
    assert token('"王') == "u00002200738b"
    assert token("鿐鿑") == "u009fd0009fd1"  # ideographs added after Unicode 3.1
    assert query_bigrams("a-b") == ["u00006100002d u00002d000062"]


def test_every_query_piece_becomes_one_phrase() -> None:
    assert query_bigrams("王小伟") == ["王小 小伟"]
    assert query_bigrams(" 低保  王伟 ") == ["低保", "王伟"]
    # repeats and pieces inside other pieces add nothing
    assert query_bigrams("王伟 王伟强 王伟") == ["王伟 伟强"]


@pytest.mark.parametrize("q", ["", "   ", "王", " 王 ", "Ａ"])
def test_it_refuses_queries_under_two_characters(q: str) -> None:
    with pytest.raises(ValueError, match="至少两个字"):
        query_bigrams(q)


def test_it_refuses_a_one_character_piece() -> None:
    with pytest.raises(ValueError, match="每个词至少要两个字"):
        query_bigrams("王伟 李")


def test_it_refuses_overlong_queries() -> None:
    with pytest.raises(ValueError, match="太长"):
        query_bigrams("王" * 101)


def test_no_query_produces_a_separator_or_scope_word() -> None:
    for q in ("sep", "se ep", "r431382", "r431382105201", "u00006100002d"):
        for phrase in query_bigrams(q):
            for word in phrase.split():
                assert word != SEPARATOR
                assert not word.startswith("r") or len(word) == 2


def test_a_bigram_past_its_255th_time_is_not_indexed() -> None:
    words = doc_text(["王伟" * 300], "").split()
    assert words.count("王伟") == MAX_REPEATS
    assert len(words) == 599  # the later ones hold their place as separators


def test_a_record_is_indexed_up_to_max_tokens() -> None:
    words = doc_text(["".join(chr(0x4E00 + i) for i in range(MAX_TOKENS + 50))], "431382").split()
    assert len(words) == MAX_TOKENS
    assert words[0] == "r431382"
