"""kg.core.memo: short texts are remembered, long ones and failures are not."""
from __future__ import annotations

import pytest

from kg.core.memo import memo_short_text


def test_short_texts_are_remembered_long_ones_and_errors_are_not():
    calls = []

    @memo_short_text(maxsize=8, max_chars=10)
    def parse(text: str, what: str) -> str:
        calls.append(text)
        if text == "bad":
            raise ValueError(f"{what}: bad")
        return text.upper()

    assert parse("abc", "q") == parse("abc", "q") == "ABC"
    assert calls == ["abc"]
    long = "x" * 11
    parse(long, "q"), parse(long, "q")
    assert calls.count(long) == 2
    for _ in range(2):
        with pytest.raises(ValueError, match="q: bad"):
            parse("bad", "q")
    assert calls.count("bad") == 2
    assert parse.cache_info().currsize == 1
