"""Every committed learned model (kg/curation/propose/models/*.json) was trained on articles of
the training parts only (bench/train_parts.py: tune and, since the fifth round, fresh2): never on
the calibration part (fresh), the blind parts (fresh3, fresh4) or test; and the training scripts
refuse to be pointed at them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import article_eval, train_parts
from kg.core.settings import PROJECT_ROOT
from kg.curation.propose import linear


def _splits() -> dict[str, str]:
    return {a["id"]: a["split"] for a in json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]}


def test_every_model_file_trained_on_training_parts_only():
    files = sorted(linear.MODELS.glob("*.json"))
    assert files, "no committed model"
    splits = _splits()
    for path in files:
        ids = json.loads(path.read_text(encoding="utf-8")).get("trained_on", [])
        assert ids, f"{path.name} names no training article"
        parts = {splits.get(i) for i in ids}
        assert None not in parts, f"{path.name} names articles bench/articles.json does not hold"
        assert parts <= set(train_parts.TRAINABLE) and not parts & set(train_parts.NEVER), (path.name, parts)


def test_held_out_parts_are_not_trainable():
    assert set(train_parts.TRAINABLE).isdisjoint(train_parts.NEVER)
    assert {"fresh", "fresh3", "fresh4", "test"} <= set(train_parts.NEVER)


@pytest.mark.parametrize("script", ["train_entities.py", "train_claimers.py"])
@pytest.mark.parametrize("part", ["fresh", "fresh3", "fresh4", "test"])
def test_training_scripts_refuse_held_out_parts(script, part):
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "bench" / script), "--train", f"tune,{part}"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env={"PYTHONPATH": str(PROJECT_ROOT)})
    assert done.returncode == 2 and f"--train tune,{part}" in done.stderr


def test_weights_must_be_positive():
    import argparse
    with pytest.raises(SystemExit):
        train_parts.weights(argparse.ArgumentParser(), "0,2")
    assert train_parts.weights(argparse.ArgumentParser(), "1,2.5") == [1.0, 2.5]
    assert train_parts.weighed(["a", "b"], {"a": "tune", "b": "fresh2"}, 3.0) == [1.0, 3.0]
