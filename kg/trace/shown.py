"""What a trace page shows of a trace result: its first targets, paths and loops (``fold_result``),
and counts of the rest."""
from __future__ import annotations

from kg.trace.disputes import path_nodes, shown_disputes


def fold_result(result: dict, *, targets: int, paths: int | None = None, loops: int | None = None,
                loops_offset: int = 0) -> dict:
    """A copy of a trace ``result`` showing its first ``targets`` targets and, of each, its first
    ``paths`` paths: what a page shows. ``folded`` says how many targets, paths and loops were left
    out (``targets_total`` counts them all); a target whose paths were cut is ``truncated``.
    With ``loops``, only the loops ``loops_offset`` to ``loops_offset + loops`` are kept (each with
    its hops): ``loops_total`` counts them all and ``loops_truncated`` is set when some are left out."""
    all_loops = result.get("loops", [])
    kept_loops = all_loops[loops_offset:] if loops is None else all_loops[loops_offset:loops_offset + loops]
    shown = result["targets"][:targets]
    kept_targets, kept_paths = [], set()
    for t in shown:
        ids = t["paths"][:paths] if paths is not None else t["paths"]
        kept_paths.update(ids)
        kept_targets.append({**t, "paths": ids, "paths_total": t.get("paths_total", len(t["paths"])),
                             "truncated": t["truncated"] or len(ids) < len(t["paths"])})
    kept = [p for p in result["paths"] if p["id"] in kept_paths]
    used = {result["measure"]["iri"], *(t["iri"] for t in kept_targets),
            *(n for p in kept for h in p["hops"] for n in (h["from"], h["to"])),
            *(n for lp in kept_loops for n in lp["nodes"])}
    shown_nodes = path_nodes({**result, "paths": kept})
    extra = {"disputes": shown_disputes(result["disputes"], shown_nodes)} if "disputes" in result else {}
    if "differences" in result:
        extra["differences"] = [d for d in result["differences"]
                                if set(d.get("about", ())) & shown_nodes or d.get("from") in shown_nodes]
    return {**result, **extra, "targets": kept_targets, "paths": kept, "loops": kept_loops,
            "nodes": {k: v for k, v in result["nodes"].items() if k in used},
            "targets_total": len(result["targets"]), "loops_total": len(all_loops),
            "loops_truncated": bool(result.get("loops_truncated")) or len(kept_loops) < len(all_loops),
            "folded": {"targets": len(result["targets"]) - len(shown),
                       "paths": result.get("paths_total", len(result["paths"])) - len(kept),
                       "loops": len(all_loops) - len(kept_loops)},
            "truncated": result["truncated"] or len(kept) < len(result["paths"])}
