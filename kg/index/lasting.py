"""How warm state is written to disk and read back: plain data, never code, and signed.

A value becomes JSON with a few tagged forms (``encode``): lists, strings, numbers, booleans and
None as themselves; a tuple ``{"t": [...]}``, a set ``{"s": [...]}``, a frozenset ``{"f": [...]}``,
a dict ``{"d": [key, value, key, value, ...]}``, a Counter ``{"c": dict}``,
a networkx graph ``{"g": kind, "a": graph attributes, "n": nodes, "e": edges}``, an instance of a
class the caller names (a list or dict subclass with attributes, a dataclass) ``{"o": name, ...}``,
and a part that refers to live objects (the label index) ``{"x": 0}``, made again when read.
Reading builds only those forms: a file can name no other class and run no code (unlike pickle).

Every file on the shelf is signed (``sign`` / ``signed``): an HMAC-SHA256 of its bytes under a
random key kept in ``warm.key`` beside the shelves (mode 0600, made on first use) is written to
``<file>.mac``. A file whose signature is missing or does not match (damaged, cut short, or put
there by someone without the key) is not read: its value is built again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
from collections import Counter
from pathlib import Path

import networkx as nx

from kg.core.priority import give_way
from kg.core.storage import atomic_write

YIELD_EVERY = 2048   # forms read between two chances for background reading to give way to a request
_GRAPHS = {cls.__name__: cls for cls in (nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph)}
KEY_FILE = "warm.key"


class Unreadable(ValueError):
    """A warm file that is not what this module writes (a bad tag, a class not named by the caller)."""


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class Codec:
    """``dumps`` / ``loads`` for values holding instances of ``classes`` and parts of type ``outside``
    (left out, and made again by ``restore()`` when read). Every JSON object written is one tagged
    form, so reading turns each object back as the JSON decoder meets it (``object_hook``)."""

    def __init__(self, classes: tuple[type, ...] = (), outside: type | None = None, restore=None) -> None:
        self.classes = {_name(c): c for c in classes}
        self._made = {name: (c if dataclasses.is_dataclass(c) else None) for name, c in self.classes.items()}
        self.outside, self.restore = outside, restore
        self._read = 0   # forms read by the current ``loads`` (a chance to give way every ``YIELD_EVERY``)

    # -- writing ---------------------------------------------------------------------------------
    def encode(self, v):
        t = type(v)
        if t is str or v is None or t in (int, float, bool):
            return v
        if t is list:
            return v if all(type(x) is str for x in v) else [self.encode(x) for x in v]
        if t is dict:
            return self._dict(v)
        if t is tuple:
            return {"t": self.encode(list(v))}
        if t is set or t is frozenset:
            return {"s" if t is set else "f": self.encode(list(v))}
        if t is Counter:
            return {"c": self._dict(v)}
        if self.outside is not None and isinstance(v, self.outside):
            return {"x": 0}
        if _GRAPHS.get(t.__name__) is t:
            edges = v.edges(keys=True, data=True) if v.is_multigraph() else v.edges(data=True)
            return {"g": t.__name__, "a": self._dict(v.graph), "n": [[n, self._dict(d)] for n, d in v.nodes(data=True)],
                    "e": [[*map(self.encode, e[:-1]), self._dict(e[-1])] for e in edges]}
        name = _name(t)
        if self.classes.get(name) is not t:
            raise TypeError(f"warm state cannot hold a {name} (name the class in Lasting(classes=...))")
        if dataclasses.is_dataclass(v):
            return {"o": name, "p": [self.encode(getattr(v, f.name)) for f in dataclasses.fields(v)]}
        base = list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else None
        return {"o": name, "v": self.encode(base), "a": self._dict(vars(v))}

    def _dict(self, d: dict) -> dict:
        flat = []
        for k, x in d.items():
            flat += (self.encode(k), self.encode(x))
        return {"d": flat}

    def dumps(self, value) -> bytes:
        return json.dumps(self.encode(value), separators=(",", ":"), ensure_ascii=False).encode()

    # -- reading ---------------------------------------------------------------------------------
    def loads(self, data: bytes):
        self._read = 0
        try:
            return json.loads(data, object_hook=self._form)
        except (TypeError, KeyError, IndexError, AttributeError) as exc:   # a form with the wrong parts
            raise Unreadable(f"not a warm file: {type(exc).__name__}: {exc}") from None

    def _form(self, o: dict):
        self._read += 1
        if self._read % YIELD_EVERY == 0:
            give_way()   # the warm-up reads megabytes of warm state: a request does not share the CPU with it
        if "d" in o and len(o) == 1:
            flat = o["d"]
            return dict(zip(flat[::2], flat[1::2]))
        if "o" in o:
            made = self._made.get(o["o"], False)
            if made is False:
                raise Unreadable(f"a warm file names a class it may not: {o['o']!r}")
            return made(*o["p"]) if made is not None else self._instance(self.classes[o["o"]], o)
        if "g" in o:
            G = _GRAPHS[o["g"]]()
            G.graph.update(o["a"])
            G.add_nodes_from(o["n"])
            G.add_edges_from(o["e"])
            return G
        if len(o) == 1:
            tag, v = next(iter(o.items()))
            if tag in _MAKE and type(v) is (dict if tag == "c" else list):
                return _MAKE[tag](v)
            if tag == "x" and self.restore is not None:
                return self.restore()
        raise Unreadable(f"unknown form {sorted(o)[:3]} in a warm file")

    @staticmethod
    def _instance(cls: type, o: dict):
        obj = cls.__new__(cls)
        if isinstance(obj, list):
            obj.extend(o["v"])
        elif isinstance(obj, dict):
            obj.update(o["v"])
        vars(obj).update(o["a"])
        return obj


_MAKE = {"t": tuple, "s": set, "f": frozenset, "c": Counter}


# -- signatures ------------------------------------------------------------------------------------
def key(folder: Path) -> bytes:
    """The signing key of the shelves in ``folder`` (made, mode 0600, on first use)."""
    path = Path(folder) / KEY_FILE
    try:
        found = path.read_bytes()
        if len(found) == 32:
            return found
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(os.urandom(32))
    try:
        os.link(tmp, path)        # the first process to make a key wins; the others read its key
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    found = path.read_bytes()
    if len(found) != 32:
        raise OSError(f"{path}: not a warm-state key (32 bytes)")
    return found


def _hmac(secret: bytes, path: Path):
    """The signature of the file ``path`` in the making (its shelf and name are signed too: a signed
    file moved to another key or shelf does not pass)."""
    return hmac.new(secret, f"{path.parent.name}/{path.name}\0".encode(), hashlib.sha256)


def _mac(secret: bytes, path: Path, data: bytes) -> str:
    """The signature of ``data`` as the file ``path``."""
    h = _hmac(secret, path)
    h.update(data)
    return h.hexdigest()


def _expected(path: Path) -> str | None:
    try:
        return path.with_name(path.name + ".mac").read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def sign(secret: bytes, path: Path, data: bytes) -> None:
    """Write the signature of ``data``, the bytes just put at ``path``, beside it."""
    atomic_write(path.with_name(path.name + ".mac"), _mac(secret, path, data).encode())


def signed(secret: bytes, path: Path, data: bytes) -> bool:
    """Whether ``data`` (read from ``path``) is what was signed with ``secret`` for that file."""
    expected = _expected(path)
    return expected is not None and hmac.compare_digest(expected, _mac(secret, path, data))


CHUNK = 1 << 20   # bytes read at a time from a large warm file (the label index: hundreds of MB at 10M quads)


def sign_file(secret: bytes, path: Path, source: Path) -> None:
    """Sign the bytes of the file ``source`` as the file ``path`` (``source`` is about to become it), a
    chunk at a time: a large file is never held in memory whole."""
    atomic_write(path.with_name(path.name + ".mac"), _mac_of_file(secret, path, source).encode())


def copy_signed(secret: bytes, path: Path, out) -> bool:
    """Copy the file ``path`` into the open binary file ``out`` a chunk at a time; whether the bytes
    copied (not the file as it may be later) are what was signed for it."""
    expected = _expected(path)
    if expected is None:
        return False
    return hmac.compare_digest(expected, _mac_of_file(secret, path, path, out.write))


def _mac_of_file(secret: bytes, path: Path, source: Path, each=None) -> str:
    """The signature of the bytes of ``source`` as the file ``path``, read a chunk at a time (each chunk
    also given to ``each``)."""
    h = _hmac(secret, path)
    with open(source, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            give_way()   # a large file (the label index) is read while requests are answered: they go first
            h.update(chunk)
            if each is not None:
                each(chunk)
    return h.hexdigest()
