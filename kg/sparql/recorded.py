"""Updates from users that the data folder keeps: ``/sparql`` with the update token.

``recorded_update(service, data_dir, text, ...)`` checks the update as the service would
(no LOAD or SERVICE; protocol ``USING`` graphs applied to the text), then, holding the data
folder's lock, has the service work out the update's effect (``kg.sparql.effects``), stages the
journal entry holding that effect (``kg.core.journal``), has the service's one writer apply the
same effect, and renames the entry into place. An update the store refuses leaves no entry; an
acknowledged one is in the record, so ``kg build`` and every restart replay it; one that changes
nothing leaves no entry either. A remote store runs the update text itself, which is journaled.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from kg.core.storage import locked, staged
from kg.sparql import checks
from kg.core import journal


def recorded_update(service, data_dir: str | Path | None, text: str, *, using=(), using_named=(),
                    base_iri: str | None = None, check=None) -> Path | None:
    """Apply ``text`` through ``service`` and journal it in ``data_dir`` (none: not journaled,
    for an app serving files of the user's own). ``check(effect)``, when given, runs on the
    effect before anything is written and raises to refuse it (the shapes:
    ``kg.validate.write_shapes.effect_check``). Returns the entry written."""
    if data_dir is None:
        service.update(text, using=using, using_named=using_named, base_iri=base_iri)
        return None
    final = checks.check_update(text, using, using_named)
    with locked(Path(data_dir)):
        if service.remote is not None:       # the engine runs it: the text is what can be kept
            path, entry = journal.next_entry(data_dir, final, service.settings.base_iri, base_iri)
            with staged(path, entry):
                service.update(final, base_iri=base_iri)
            return path
        written: list[Path] = []

        @contextmanager
        def keep(effect):
            checks.check_written(effect.added)
            if check is not None:
                check(effect)
            path, entry = journal.next_entry(data_dir, effect.as_update(), service.settings.base_iri, None,
                                             source=final)
            with staged(path, entry):
                yield
            written.append(path)

        service.update_by_effect(final, base_iri, keep)
        return written[0] if written else None
