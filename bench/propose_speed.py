"""How long does proposing take on a long text? The five corpus texts, repeated until the text
reaches ``--kb`` kilobytes (default 723, the size last measured), proposed against the whole
curated store with the rule proposer; prints the characters, proposals and seconds (the lexicon
is read once, before the clock starts). ``--profile`` prints the 25 costliest functions; ``--dump FILE`` writes the proposals (JSON lines).

    python bench/propose_speed.py [--kb 723] [--profile] [--dump FILE]
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.curation.propose.lexicon import Lexicon  # noqa: E402
from kg.curation.propose.proposals import Context  # noqa: E402
from kg.curation.propose.proposer import propose  # noqa: E402
from kg.store import memory_store  # noqa: E402
from kg.store.build import load_sources  # noqa: E402


def long_text(corpus: Path, kb: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    out, i = [], 0
    while sum(len(x) for x in out) < kb * 1000:
        out.append(parts[i % len(parts)])
        i += 1
    return "\n\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=723)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--dump", help="write the proposals as JSON lines to this file (to compare two runs)")
    args = ap.parse_args()
    settings = Settings.from_env(data_dir=str(PROJECT_ROOT / "data"))
    store = memory_store(settings.base_iri)
    load_sources(store, settings)
    lex = Lexicon.from_store(store)
    text = long_text(Path(settings.corpus), args.kb)
    ctx = Context(lex, date(2026, 5, 15), "bench")
    prof = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if prof:
        prof.enable()
    props = propose(text, ctx)
    if prof:
        prof.disable()
    seconds = time.perf_counter() - started
    print(f"{len(text):,} characters, {len(props):,} proposals, {seconds:.1f} s")
    if args.dump:
        Path(args.dump).write_text("".join(json.dumps(p.to_json(), sort_keys=True) + "\n" for p in props))
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
