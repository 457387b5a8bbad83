"""The proposer's linear model (kg.curation.propose.linear): training on small invented examples
learns what separates the labels, is the same every run, survives a save and a load, and refuses
a feature set other than the one it was trained on. Every committed model file loads."""
from __future__ import annotations

import json
import math

import pytest

from kg.curation.propose import linear
from kg.curation.propose.linear import Linear, check, folds, log_loss, train

# invented words: a "shape" feature decides the label, a noise feature appears in both
EXAMPLES = ([({"shape=Xx Xx", "noise"}, "person")] * 6 + [({"suffix=corp", "noise"}, "company")] * 6
            + [({"prev=in", "shape=Xx"}, "place")] * 6)


def test_training_learns_the_separating_features():
    model = train(EXAMPLES, epochs=15)
    assert model.best({"shape=Xx Xx"})[0] == "person"
    assert model.best({"suffix=corp"})[0] == "company"
    assert model.best(["prev=in", "shape=Xx"])[0] == "place"
    assert log_loss(model, EXAMPLES) < log_loss(Linear(model.labels), EXAMPLES)


def test_probabilities_sum_to_one_and_unknown_features_add_nothing():
    model = train(EXAMPLES, epochs=5)
    probs = model.probabilities({"suffix=corp": 1.0, "never-seen": 3.0})
    assert math.isclose(sum(probs.values()), 1.0)
    assert model.scores({"never-seen"}) == model.bias


def test_the_same_examples_give_the_same_weights():
    assert train(EXAMPLES, seed=3).to_json() == train(EXAMPLES, seed=3).to_json()


def test_stronger_penalty_gives_smaller_weights():
    def size(m: Linear) -> float:
        return sum(w * w for ws in m.weights.values() for w in ws.values())
    assert size(train(EXAMPLES, l2=0.5)) < size(train(EXAMPLES, l2=0.0))


def test_sample_weights_tip_an_ambiguous_feature():
    mixed = [({"word=bank"}, "company"), ({"word=bank"}, "place")] * 5
    heavy_place = [1.0 if lab == "company" else 4.0 for _, lab in mixed]
    assert train(mixed, sample_weights=heavy_place).best({"word=bank"})[0] == "place"


def test_save_and_load_keep_the_probabilities(tmp_path):
    model = train(EXAMPLES, version="v-test", trained_on=["b", "a"], meta={"epochs": 20})
    path = tmp_path / "m.json"
    model.save(path)
    back = Linear.load(path)
    assert back.version == "v-test" and back.trained_on == ["a", "b"] and back.meta == {"epochs": 20}
    for feats, _ in EXAMPLES:
        for lab, p in model.probabilities(feats).items():
            assert abs(back.probabilities(feats)[lab] - p) < 1e-3
    data = json.loads(path.read_text())
    assert all(abs(w) >= 1e-3 for ws in data["weights"].values() for w in ws.values())


def test_a_different_feature_set_is_refused():
    model = train(EXAMPLES, version="names-1")
    assert check(model, "names-1") is model
    assert check(None, "names-1") is None
    with pytest.raises(ValueError, match="retrain"):
        check(model, "names-2")


def test_bad_labels_are_refused():
    with pytest.raises(ValueError):
        Linear(["only"])
    with pytest.raises(ValueError, match="not among"):
        train(EXAMPLES, labels=["person", "company"])


def test_folds_split_every_id_once_the_same_every_run():
    ids = [f"a{i}" for i in range(23)]
    parts = folds(ids, 5)
    assert sorted(sum(parts, [])) == sorted(ids)
    assert {len(p) for p in parts} <= {4, 5}
    assert folds(reversed(ids), 5) == parts


def test_every_committed_model_loads_with_its_version_and_articles():
    for path in sorted(linear.MODELS.glob("*.json")):
        model = linear.loaded(path.stem)
        assert model is not None and model.version and model.trained_on, path.name
        assert path.stat().st_size < 300_000, path.name
    assert linear.loaded("no-such-model") is None
