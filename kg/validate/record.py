"""Is the record whole: what a running server's store refused (``.kg-behind.json``, written by
the data watcher) and journaled ``/sparql`` updates that no longer parse (``updates/NNNN.ru``)."""
from __future__ import annotations

from pathlib import Path

from kg.core.storage import BEHIND_NAME, behind
from kg.core import journal
from kg.validate.problems import Problem, show_path


def record_problems(data_dir: Path) -> list[Problem]:
    out = [Problem(show_path(Path(data_dir) / name), "", f"a running server's store could not take it ({why}); "
                   f"it retries every second (see {BEHIND_NAME}, /health)", "behind")
           for name, why in sorted(behind(data_dir).items())]
    if not journal.entries(data_dir):
        return out
    import pyoxigraph as ox

    scratch = ox.Store()           # empty: only whether each entry parses is learnt here
    for path in journal.entries(data_dir):
        try:
            scratch.update(journal.replayable(path, journal.DEFAULT_BASE))
        except SyntaxError as exc:
            out.append(Problem(show_path(path), "", f"the journaled update does not parse: {exc}", "journal"))
        except (OSError, ValueError, RuntimeError):
            pass                   # it parses; what it does to an empty store is no concern here
    return out
