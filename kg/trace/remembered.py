"""Results of the store's own causal layer, remembered until a write changes what they show.

``remembered(store, name, key, compute)`` keeps up to ``RESULTS_KEPT`` results of one kind (traces,
"what acts on") per store generation (``kg.index.cache.per_generation``); a write that leaves the
layer and its labels as they were (``kg.trace.layer_updates.classify``) keeps them.
"""
from __future__ import annotations

from kg.index.cache import per_generation
from kg.store import Store
from kg.trace.layer import causal_graph
from kg.trace.layer_updates import classify

RESULTS_KEPT = 64  # trace results remembered per store generation


def remembered(store: Store, name: str, key: tuple, compute):
    """``compute()`` for ``key``, remembered until the store's next write (the oldest of more
    than ``RESULTS_KEPT`` forgotten). The result is shared: callers never change it."""
    def advance(memo: dict, changes: list) -> dict | None:   # kept while the layer and its labels are
        effect = classify(store, causal_graph(store), changes)
        return memo if effect is not None and effect.kept else None
    memo: dict = per_generation(store, name, dict, advance)
    if key not in memo:
        result = compute()
        if len(memo) >= RESULTS_KEPT:
            memo.pop(next(iter(memo)))
        memo[key] = result
    return memo[key]
