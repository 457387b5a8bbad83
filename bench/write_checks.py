"""What the checks before a write cost on a large graph: the shapes over the nodes a write touches
(``kg.validate.write_shapes``) and working out a /sparql update's effect (``kg.sparql.effects``).

    python -m bench.write_checks --quads 1000000 --out /work/scratch-record/synth-1m.nq

Loads synthetic quads (``bench.synth``) and the vocabulary into an in-memory store and times,
``--repeat`` times each (median and worst): an accept-sized write (a new claim about the typical
measure, 8 statements), a second English name on the biggest hub (its ~1,000 statements are read)
and a one-statement edit of the typical measure; then the effect of an ``INSERT DATA`` and of a
``DELETE/INSERT ... WHERE`` that renames the typical measure's label.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from bench.synth import generate
from kg.core.namespaces import DEFAULT_BASE, PK
from kg.core.settings import Settings
from kg.sparql.effects import effect_of
from kg.store.build import ONTOLOGY_GRAPH
from kg.store.embedded import EmbeddedStore
from kg.validate.write_shapes import StoreSource, shape_problems


def timed(fn, repeat: int) -> tuple[float, float, object]:
    runs, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs), max(runs), result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-synth-write-checks.nq"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    meta = generate(args.quads, args.out)
    settings = Settings.from_env(env={})
    ox_store = ox.Store()
    t0 = time.perf_counter()
    ox_store.bulk_load(path=str(args.out), format=ox.RdfFormat.N_QUADS)
    ox_store.load(path=str(Path(settings.ontology_dir) / "policy-kg.ttl"), format=ox.RdfFormat.TURTLE,
                  to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    print(f"loaded {len(ox_store):,} quads in {time.perf_counter() - t0:.1f} s")
    store = EmbeddedStore(ox_store, base_iri=DEFAULT_BASE, description="memory")
    source = StoreSource(store)
    g = URIRef(DEFAULT_BASE + "doc/" + meta["typical_document"])
    measure, hub = URIRef(meta["typical_entity"]), URIRef(meta["hub_entity"])
    claim = URIRef(DEFAULT_BASE + "claim/bench-new")
    writes = {
        "new claim (8 statements)": [
            (claim, RDF.type, PK.Claim, g), (claim, SKOS.prefLabel, Literal("bench claim", lang="en"), g),
            (claim, PK.about, measure, g), (claim, PK.claimer, hub, g), (claim, PK.epistemicStatus, PK.Forecast, g),
            (claim, PK.supports, claim, g), (measure, SKOS.altLabel, Literal("bench alias", lang="en"), g),
            (claim, SKOS.note, Literal("bench"), g)],
        f"second name on the hub ({meta['hub_statements']} statements)": [
            (hub, SKOS.prefLabel, Literal("Another name", lang="en"), g)],
        "one statement on the typical measure": [(measure, SKOS.altLabel, Literal("bench", lang="en"), g)],
    }
    for name, added in writes.items():
        med, worst, found = timed(lambda: shape_problems(source, added, [], settings.ontology_dir), args.repeat)
        print(f"shapes, {name}: median {med:.0f} ms, worst {worst:.0f} ms; {len(found)} result(s)")
    updates = {
        "INSERT DATA (1 statement)": f'INSERT DATA {{ GRAPH <{g}> {{ <{measure}> <{SKOS.altLabel}> "x"@en }} }}',
        "DELETE/INSERT WHERE (a label)": f'DELETE {{ GRAPH ?g {{ <{measure}> <{SKOS.prefLabel}> ?l }} }} '
                                          f'INSERT {{ GRAPH ?g {{ <{measure}> <{SKOS.prefLabel}> "renamed"@en }} }} '
                                          f'WHERE {{ GRAPH ?g {{ <{measure}> <{SKOS.prefLabel}> ?l }} }}',
    }
    for name, text in updates.items():
        med, worst, effect = timed(lambda: effect_of(ox_store, text, base_iri=None, prefixes={},
                                                     genid=DEFAULT_BASE + ".well-known/genid/"), args.repeat)
        print(f"effect, {name}: median {med:.1f} ms, worst {worst:.1f} ms; "
              f"{len(effect.removed)} removed, {len(effect.added)} added")


if __name__ == "__main__":
    main()
