"""Where a dataset config's systems come from when they are not built in.

A config may name a file of systems (``systems_file``, written by
:meth:`chaosbench.synthesis.SystemSet.save`) or a generated set
(``synthesize = {n = ..., family = ..., seed = ...}``). Either way the systems are
read from a JSON-lines file, its SHA-256 checksum is pinned in the config (so a
dataset, and a resumed generation, always refer to the same systems), and they are
registered in the process (:func:`chaosbench.register`), so that every part of the
dataset machinery finds them by name, in worker processes too, where the config
is rebuilt from its JSON.

A generated set is made once per machine and kept in the cache folder under a
name that holds the whole request and the generator's version; its journal sits
beside it, so an interrupted generation resumes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from chaosbench._atomic import written_atomically
from chaosbench._paths import cache_root
from chaosbench.errors import ChaosbenchError, ConfigError

#: keys of a config's ``synthesize`` table, and those it must have
SYNTHESIZE_KEYS = ("n", "family", "seed", "dimension")
SYNTHESIZE_REQUIRED = ("n",)


def checksum(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def from_file(path: str, pinned: str | None) -> tuple[tuple[str, ...], str]:
    """Register the systems of ``path``; their names, in file order, and the file's
    checksum, which must equal ``pinned`` when that is given."""
    location = Path(path).expanduser()
    if not location.is_file():
        raise ConfigError("systems_file", f"{str(path)!r} does not exist or is not a file")
    digest = _pinned(
        location, pinned, "systems_file", f"{str(path)!r} has changed since this config was made"
    )
    return _registered(str(location.resolve()), digest), digest


def _pinned(path: Path, pinned: str | None, field: str, problem: str) -> str:
    """The file's checksum, which must be ``pinned`` when that is given."""
    digest = checksum(path)
    if pinned is not None and digest != pinned:
        raise ConfigError(
            field, f"{problem} (its checksum is {digest[:12]}..., the config pins {pinned[:12]}...)"
        )
    return digest


@lru_cache(maxsize=64)
def _registered(path: str, digest: str) -> tuple[str, ...]:
    from chaosbench.errors import DeclarationError, SystemFileError
    from chaosbench.synthesis.system_set import load_systems
    from chaosbench.systems.registry import register

    try:
        found = load_systems(path)
        register(found)
    except (SystemFileError, DeclarationError) as exc:
        raise ConfigError("systems_file", str(exc)) from None
    if not len(found):
        raise ConfigError("systems_file", f"{path!r} holds no systems")
    return tuple(found.names)


def synthesized(spec: Any, pinned: str | None) -> tuple[tuple[str, ...], str]:
    """Register the set a ``synthesize`` table asks for, generating it on first use."""
    request = checked_request(spec)
    from chaosbench.synthesis.run import GENERATOR_VERSION, synthesize

    words = [request["family"], f"s{request['seed']}", f"n{request['n']}"]
    if request["dimension"] is not None:
        words.append(f"d{request['dimension']}")
    folder = cache_root() / "synthesized"
    path = folder / f"{'-'.join(words)}-v{GENERATOR_VERSION}.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        journal = path.with_suffix(".partial")
        try:
            found = synthesize(**request, journal=journal)
        except ChaosbenchError as exc:
            raise ConfigError("synthesize", str(exc)) from None
        with written_atomically(path) as temporary:
            found.save(temporary)
        journal.unlink(missing_ok=True)
    digest = _pinned(
        path, pinned, "synthesize", f"the generated set {path.name} is not the one pinned"
    )
    return _registered(str(path), digest), digest


def checked_request(spec: Any) -> dict[str, Any]:
    """A ``synthesize`` table checked and completed with its defaults, or a
    :class:`~chaosbench.errors.ConfigError` naming the key at fault."""
    from chaosbench.errors import InvalidParameterError, UnknownNameError
    from chaosbench.synthesis.run import _request as checked

    if not isinstance(spec, Mapping):
        raise ConfigError("synthesize", f"must be a table such as {{n = 100}}, got {spec!r}")
    for key in spec:
        if key not in SYNTHESIZE_KEYS:
            raise ConfigError(
                f"synthesize.{key}", f"unknown key; known: {', '.join(SYNTHESIZE_KEYS)}"
            )
    for key in SYNTHESIZE_REQUIRED:
        if key not in spec:
            raise ConfigError(f"synthesize.{key}", "is required")
    request = {"family": "all", "seed": 0, "dimension": None, **spec}
    try:
        checked(request["n"], request["family"], request["seed"], request["dimension"], None, None)
    except UnknownNameError as exc:
        raise ConfigError("synthesize.family", str(exc)) from None
    except InvalidParameterError as exc:
        raise ConfigError(f"synthesize.{exc.parameter}", str(exc)) from None
    return {key: request[key] for key in SYNTHESIZE_KEYS}
