"""The proposer's small statistical models: a multinomial logistic regression over sparse string
features, written here in plain Python (no dependency, nothing downloaded).

An example's features are either an iterable of strings (each present feature counts 1) or a
mapping of feature -> value. A model holds, per feature, a weight for each label it favours,
plus a bias per label; a label's score is its bias plus the weights of the present features
times their values, and the probabilities are the softmax of the scores.

``train`` fits a model by deterministic stochastic gradient descent (a fixed seed orders the
examples; AdaGrad step sizes per weight; L2 penalty on the weights the example touches), so
the same examples always give the same weights. ``Linear.save`` writes JSON (weights rounded
and tiny ones pruned, so a committed file stays small) with the feature-set ``version`` the
features were made by and the ids of the articles it was trained on; ``loaded`` reads a model
file once a process. A caller checks ``model.version`` against its own feature-set version
(``check``), so features changed without retraining fail loudly instead of scoring nonsense.
``folds`` splits article ids for cross-validation by article.
"""
from __future__ import annotations

import json
import math
import random
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence, Union

Features = Union[Mapping[str, float], Iterable[str]]
MODELS = Path(__file__).with_name("models")


def _values(features: Features) -> dict[str, float]:
    if isinstance(features, Mapping):
        return {str(f): float(v) for f, v in features.items() if v}
    return {str(f): 1.0 for f in features}


class Linear:
    """A trained model: ``labels``, ``bias`` {label: w}, ``weights`` {feature: {label: w}}."""

    def __init__(self, labels: Sequence[str], weights: dict[str, dict[str, float]] | None = None,
                 bias: dict[str, float] | None = None, version: str = "", trained_on: Sequence[str] = (),
                 meta: dict | None = None) -> None:
        if len(set(labels)) != len(labels) or len(labels) < 2:
            raise ValueError("a model needs at least two distinct labels")
        self.labels = list(labels)
        self.weights = weights or {}
        self.bias = {lab: (bias or {}).get(lab, 0.0) for lab in self.labels}
        self.version = version
        self.trained_on = list(trained_on)
        self.meta = dict(meta or {})

    def scores(self, features: Features) -> dict[str, float]:
        """Each label's score (bias plus weights of the present features; unknown features add nothing)."""
        out = dict(self.bias)
        for f, v in _values(features).items():
            for lab, w in self.weights.get(f, {}).items():
                out[lab] += w * v
        return out

    def probabilities(self, features: Features) -> dict[str, float]:
        """The softmax of the scores: each label's probability, summing to 1."""
        return _softmax(self.scores(features))

    def best(self, features: Features) -> tuple[str, float]:
        """The most probable label and its probability (ties: the label listed first)."""
        probs = self.probabilities(features)
        lab = max(self.labels, key=lambda lab: (probs[lab], -self.labels.index(lab)))
        return lab, probs[lab]

    def to_json(self, prune: float = 1e-3, digits: int = 4) -> dict:
        """The model as JSON data; weights under ``prune`` in size are left out, the rest rounded."""
        weights = {}
        for f in sorted(self.weights):
            kept = {lab: round(w, digits) for lab, w in sorted(self.weights[f].items()) if abs(w) >= prune}
            if kept:
                weights[f] = kept
        return {"version": self.version, "labels": self.labels, "trained_on": sorted(self.trained_on),
                "meta": self.meta, "bias": {lab: round(w, digits) for lab, w in self.bias.items()},
                "weights": weights}

    @classmethod
    def from_json(cls, data: dict) -> "Linear":
        return cls(data["labels"], {f: dict(ws) for f, ws in data.get("weights", {}).items()},
                   data.get("bias"), data.get("version", ""), data.get("trained_on", ()), data.get("meta"))

    def save(self, path: Path, prune: float = 1e-3) -> None:
        """Write the model to ``path`` (compact JSON, one feature a line, stable order)."""
        data = self.to_json(prune)
        weights = data.pop("weights")
        head = json.dumps(data, ensure_ascii=False, sort_keys=True)[:-1]
        lines = [json.dumps(f, ensure_ascii=False) + ":" + json.dumps(ws, sort_keys=True, separators=(",", ":"))
                 for f, ws in weights.items()]
        Path(path).write_text(head + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Linear":
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {lab: math.exp(s - top) for lab, s in scores.items()}
    total = sum(exps.values())
    return {lab: e / total for lab, e in exps.items()}


@lru_cache(maxsize=None)
def loaded(name: str) -> Linear | None:
    """The model file ``models/<name>.json`` beside this module, read once a process; None when absent."""
    path = MODELS / f"{name}.json"
    return Linear.load(path) if path.is_file() else None


def check(model: Linear | None, version: str) -> Linear | None:
    """``model`` when it was trained on features of ``version``; raises ValueError otherwise."""
    if model is not None and model.version != version:
        raise ValueError(f"model made with feature set {model.version!r}, the code's is {version!r}: retrain it")
    return model


def train(examples: Sequence[tuple[Features, str]], labels: Sequence[str] | None = None, *,
          epochs: int = 20, rate: float = 0.3, l2: float = 1e-3, seed: int = 0,
          sample_weights: Sequence[float] | None = None, version: str = "",
          trained_on: Sequence[str] = (), meta: dict | None = None) -> Linear:
    """A model fitted to ``examples`` ((features, label) pairs) by the description's method.

    ``labels`` fixes the label order (default: first seen order); ``l2`` is the penalty per
    example; ``sample_weights`` weigh examples (e.g. to balance labels)."""
    labels = list(labels) if labels else list(dict.fromkeys(lab for _, lab in examples))
    model = Linear(labels, version=version, trained_on=trained_on, meta=meta)
    rows = [(_values(f), lab, 1.0 if sample_weights is None else float(sample_weights[i]))
            for i, (f, lab) in enumerate(examples)]
    for _, lab, _ in rows:
        if lab not in model.bias:
            raise ValueError(f"label {lab!r} not among {labels}")
    squares: dict[tuple[str, str], float] = {}
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            values, gold, weight = rows[i]
            probs = model.probabilities(values)
            for lab in labels:
                g = weight * (probs[lab] - (1.0 if lab == gold else 0.0))
                _step(model.bias, lab, ("", lab), g, rate, squares)
                for f, v in values.items():
                    ws = model.weights.setdefault(f, {})
                    _step(ws, lab, (f, lab), g * v + l2 * ws.get(lab, 0.0), rate, squares)
    return model


def _step(ws: dict[str, float], lab: str, key: tuple[str, str], grad: float, rate: float,
          squares: dict[tuple[str, str], float]) -> None:
    if not grad:
        return
    squares[key] = squares.get(key, 0.0) + grad * grad
    ws[lab] = ws.get(lab, 0.0) - rate * grad / (math.sqrt(squares[key]) + 1e-8)


def folds(ids: Iterable[str], k: int = 5, seed: int = 0) -> list[list[str]]:
    """``ids`` (article ids) split into ``k`` folds of near-equal size, the same every run."""
    ordered = sorted(set(ids))
    random.Random(seed).shuffle(ordered)
    return [ordered[i::k] for i in range(k)]


def log_loss(model: Linear, examples: Sequence[tuple[Features, str]]) -> float:
    """The mean negative log probability of the gold labels (lower is better)."""
    if not examples:
        return 0.0
    return -sum(math.log(max(model.probabilities(f)[lab], 1e-12)) for f, lab in examples) / len(examples)
