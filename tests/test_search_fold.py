"""Folding labels for search (``kg.index.labels.fold``): case, accents, width and whitespace."""
from __future__ import annotations

import pytest

from kg.index import labels as search


@pytest.mark.parametrize("text, folded", [
    ("  Export   Controls ", "export controls"), ("Huawei\tAscend 910B", "huawei ascend 910b"),
    ("Résumé of the Élysée", "resume of the elysee"), ("STRASSE ß", "strasse ss"), ("Ａｓｃｅｎｄ", "ascend"),
])
def test_fold_gives_the_same_form_with_or_without_accents(text, folded):
    """The label index compares folded text; its ASCII fast path must agree with the full fold."""
    assert search.fold(text) == folded
