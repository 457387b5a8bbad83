"""What an earlier commit's rules proposed for the tune articles annotated after it: a held-out
check of the learned models on rules that had not been fitted to those articles (today's rules
were written on every tune article, so on tune they leave a model little to correct, while on
text they have never seen they are wrong more often).

``later(commit)``: the ids of the tune articles ``bench/articles.json`` did not hold at
``commit``. ``candidates(commit, ids)``: the candidate entities the proposer of ``commit``
makes for them (its ``kg``, ``bench``, ``data`` and ``ontology`` folders are taken out of git
into a temporary folder and run there in a subprocess), as ``Proposal`` records of today's code.
Used by ``bench/train_entities.py --rules-at COMMIT``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from kg.core.settings import PROJECT_ROOT
from kg.curation.propose.proposals import Proposal

_RUN = """
import json, sys
from datetime import date
from bench.ingest_eval import store_without
from kg.core.settings import PROJECT_ROOT, Settings
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import RuleProposer
arts = json.loads(sys.stdin.read())
lex = Lexicon.from_store(store_without(Settings.from_env(data_dir=str(PROJECT_ROOT / "data")), ""))
keys = ("label", "class", "kind_guess", "occurrences", "aliases", "initial")
out = {}
for a in arts:
    props = RuleProposer().propose(a["text"], Context(lex, date.fromisoformat(a["published"]), a["url"]))
    out[a["id"]] = [{"start": p.start, "end": p.end, "text": p.text,
                     "fields": {k: p.fields[k] for k in keys if p.fields.get(k) is not None}}
                    for p in props if p.kind == "entity"]
print(json.dumps(out))
"""


def _git(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], check=True, capture_output=True, **kw)


def later(commit: str) -> set[str]:
    """The tune articles annotated after ``commit``."""
    then = json.loads(_git("show", f"{commit}:bench/articles.json").stdout)["articles"]
    now = json.loads((PROJECT_ROOT / "bench" / "articles.json").read_text(encoding="utf-8"))["articles"]
    known = {a["id"] for a in then}
    return {a["id"] for a in now if a["split"] == "tune" and a["id"] not in known}


def candidates(commit: str, arts: list[tuple[dict, str]]) -> dict[str, list[Proposal]]:
    """The candidate entities ``commit``'s rules propose for each (annotation, text) of ``arts``."""
    with tempfile.TemporaryDirectory(prefix="earlier-rules-") as tmp:
        archive = _git("archive", commit, "kg", "bench", "data", "ontology").stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        given = [{"id": a["id"], "published": a["published"], "url": a["url"], "text": text} for a, text in arts]
        env = {**os.environ, "PYTHONPATH": tmp}
        done = subprocess.run([sys.executable, "-c", _RUN], input=json.dumps(given), text=True, cwd=tmp, env=env,
                              capture_output=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {i: [Proposal("entity", c["start"], c["end"], c["text"], fields=c["fields"]) for c in cs]
            for i, cs in found.items()}

