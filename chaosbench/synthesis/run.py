"""The generating run: candidates in numbered chunks, verified in parallel, kept in order.

Candidate ``i`` of a family depends only on the family, the seed, the index and
the generator version (:mod:`chaosbench.synthesis.families`), and its verdict only
on the candidate (:mod:`chaosbench.synthesis.acceptance`). The run hands out
units of work to the workers: chunks of consecutive fresh candidates (each family's
``chunk`` of them),
and, for every system kept, its :data:`~chaosbench.synthesis.families.MUTANTS`
mutants in chunks of :data:`MUTANT_CHUNK`. It reads the verdicts back in one fixed
order (a chunk's candidates in turn, each kept one followed by its lineage: its
mutants, then the mutants of those kept, up to :data:`GENERATIONS` steps and
:data:`LINEAGE` systems), drops near-duplicates of systems kept before them, and
stops at the ``n``-th system kept. So the result, and the report of what was tried, are
the same on one worker, on many, or on a Dask cluster.

Finished chunks are appended to a journal (one JSON line each) when one is named;
a run killed at any moment and started again with the same request reads them back
and verifies only what is missing.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from chaosbench import _validation as check
from chaosbench._version import __version__
from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.progress import Progress
from chaosbench.synthesis.acceptance import TESTS, same_spectrum, verify
from chaosbench.synthesis.derived import fingerprint
from chaosbench.synthesis.families import FAMILIES, MUTANTS, Family
from chaosbench.synthesis.system_set import SystemSet
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.system import System

#: version of the generator: part of every request, so a changed generator never
#: reuses a journal or claims the systems of another version
GENERATOR_VERSION = "5"

#: mutants per work unit of mutants (a family's ``chunk`` sets its units of fresh draws)
MUTANT_CHUNK = 16

#: how many mutation steps a kept system may lie from its root (1: mutants of
#: roots only; 2: their mutants too; 3: and theirs), and how many systems a root's lineage (the
#: root itself included) may give at most: the balance between speed (a lineage
#: costs one fresh root, about ten thousand candidates for flows) and variety
#: (systems of one lineage share a parent, so an ancestry split keeps them together)
GENERATIONS = 3
LINEAGE = 64

#: candidates tried at most, per system asked for (beyond a fixed allowance)
MAX_CANDIDATES_PER_SYSTEM = 20_000

#: ``family="all"`` draws the families in this order, one chunk each in turn, each
#: up to its share of ``n`` (:func:`shares`)
ALL = tuple(FAMILIES)


def synthesize(
    n: int,
    *,
    family: str = "all",
    seed: int = 0,
    workers: int | None = None,
    executor: Executor | None = None,
    dimension: int | None = None,
    progress: bool | None = None,
    journal: str | Path | None = None,
) -> SystemSet:
    """Generate ``n`` new chaotic systems, each verified by its Lyapunov spectrum.

    Candidates are drawn from the family (random sparse polynomial flows, random
    quadratic maps, registry systems with moved parameters, skew products of
    registry flows) and kept only when
    they pass every test of :mod:`chaosbench.synthesis.acceptance`: bounded, not
    stationary, a largest exponent positive beyond three standard errors over
    independent starting points and persisting on longer runs, a spectrum that sums
    to the mean divergence, a measurable timescale, and distinct from every system
    kept before. Each accepted candidate is followed by its mutants (small changes
    of its terms, each verified alike, with the candidate as their parent). Every kept
    system has exact equations (decimal coefficients, no parameters), the
    annotations of a registry system and its provenance; all of them run on one
    set of compiled kernels, so the run compiles nothing per system.

    Parameters
    ----------
    n
        How many systems to keep.
    family
        ``"polynomial"``, ``"map"``, ``"perturbed"``, ``"skew"`` (see
        :mod:`chaosbench.synthesis.families` and :mod:`chaosbench.synthesis.derived`)
        or ``"all"`` (the families in turn, each giving an equal share of ``n``, the
        first ones one more where ``n`` does not divide; with ``dimension``, the
        families that make it).
    seed
        Non-negative integer; the same ``n``, family, seed, dimension and
        generator version give the same systems, byte for byte.
    workers
        Worker processes (default: the available cores); ignored with ``executor``.
    executor
        Any :class:`concurrent.futures.Executor` to run the chunks on, e.g.
        ``distributed.Client(...).get_executor()`` for a Dask cluster.
    dimension
        Number of variables of every system (default: each family's range).
    progress
        Show progress on standard error (default: yes).
    journal
        A file where finished chunks are kept as they come; a run started again
        with the same request picks up from it.

    Returns
    -------
    SystemSet
        The systems in the order they were found, with the run's request and
        report (candidates tried, accepted, rejected by each test) in its header.

    Examples
    --------
    >>> import chaosbench
    >>> found = chaosbench.synthesize(1, family="map", progress=False, workers=1)
    >>> found[0].name, found[0].annotations["chaotic"]
    ('map3-s0-000218', True)
    """
    request = _request(n, family, seed, dimension, workers, executor)
    families = families_of(request)
    limit = MAX_CANDIDATES_PER_SYSTEM * request["n"] + 100_000
    done = _read_journal(journal, request)
    bar = Progress(request["n"], "synthesizing", unit="system", enabled=_shown(progress))
    collector = _Collector(request, families)
    with _Scheduler(request, done, workers, executor, journal) as work:
        try:
            count = limit // min(chunk_size(f) for f in families)
            _consume(work, collector, families, count, bar, limit)
        finally:
            bar.close()
    if not collector.finished:
        short = ", ".join(
            f"{f} {collector.by_family[f]['accepted']} of {collector.quota[f]}"
            for f in families
            if not collector.full(f)
        )
        raise ChaosbenchError(
            f"synthesize: only {len(collector.kept)} of {request['n']} systems passed in "
            f"{collector.tried} candidates of family {request['family']!r} ({short})"
        )
    header = {
        "generator": {
            "name": "chaosbench.synthesize",
            "version": GENERATOR_VERSION,
            "chaosbench": __version__,
            "registry": request["registry"],
        },
        "request": {k: request[k] for k in ("n", "family", "seed", "dimension")},
        "report": collector.report(),
    }
    return SystemSet(collector.kept, header)


def _consume(work, collector, families, count: int, bar, limit: int) -> None:
    """Read the units in their fixed order: root chunk ``g`` of family ``g % F``, and
    after each candidate it keeps, that candidate's lineage (:func:`_lineage`); stop
    after ``count`` root chunks or ``limit`` candidates."""
    ahead = work.ahead

    def root(g: int) -> tuple:
        return ("chunk", families[g % len(families)], g // len(families))

    for g in range(count):
        if collector.tried >= limit:
            return
        unit = root(g)
        if collector.full(unit[1]):
            continue
        for h in range(g, min(count, g + ahead)):
            if not collector.full(root(h)[1]):
                work.prefetch(root(h))
        results = work.result(unit)
        for record in results:
            if record["failed"] is None:
                for u in _mutant_units(unit[1], record["index"], ())[:ahead]:
                    work.prefetch(u, _spectrum(record))
        for record in results:
            if collector.add(unit[1], record):
                _lineage(work, collector, unit[1], record, bar)
            bar.update(collector.kept_since_last(), detail=f"{collector.tried} candidates tried")
            if collector.finished:
                return
            if collector.full(unit[1]):
                break


def _lineage(work, collector, family: str, root: dict[str, Any], bar) -> None:
    """The mutants of the kept root (its verdict ``root``), generation by generation
    (each kept mutant of fewer than :data:`GENERATIONS` steps brings its own
    mutants), until the lineage holds :data:`LINEAGE` systems, the run has its ``n``
    or none is left. Each unit travels with its parent's spectrum (see
    :func:`chaosbench.synthesis.acceptance.verify`)."""
    index = root["index"]
    queue = deque((u, _spectrum(root)) for u in _mutant_units(family, index, ()))
    kept, units = 1, 0
    while queue and kept < LINEAGE and not collector.full(family):
        # units in flight: no more than the lineage may still need at its yield so far
        # (work prefetched beyond its end is lost; the result does not depend on it)
        room = min(LINEAGE - kept, collector.room(family))
        needed = room if kept == 1 else math.ceil(room * units / (kept - 1))
        for u, parent in itertools.islice(queue, max(1, min(work.ahead, needed))):
            work.prefetch(u, parent)
        units += 1
        for record in work.result(*queue.popleft()):
            if collector.add(family, record):
                kept += 1
                path = tuple(record["mutant"])
                if len(path) < GENERATIONS:
                    twin = _spectrum(record)
                    queue.extend((u, twin) for u in _mutant_units(family, index, path))
                if kept >= LINEAGE or collector.full(family):
                    break
        bar.update(collector.kept_since_last(), detail=f"{collector.tried} candidates tried")


def _spectrum(record: dict[str, Any]) -> dict[str, Any]:
    """The Lyapunov spectrum and its error bars from an accepted verdict."""
    values = record["annotations"]
    return {k: values[k] for k in ("lyapunov_spectrum", "lyapunov_spectrum_error")}


def shares(n: int, families: Sequence[str]) -> dict[str, int]:
    """How many of the ``n`` systems each family gives: equal shares, the first
    families one more where ``n`` does not divide."""
    base, extra = divmod(n, len(families))
    return {f: base + (i < extra) for i, f in enumerate(families)}


def chunk_size(family: str) -> int:
    """Candidates per unit of fresh draws of ``family``."""
    return FAMILIES[family].chunk


def _mutant_units(family: str, index: int, path: tuple[int, ...]) -> list[tuple]:
    """The units of the mutants of root ``index``'s mutant ``path`` (the root: ``()``);
    none for a family without lineages."""
    if not FAMILIES[family].lineages:
        return []
    return [("mutants", family, index, start, *path) for start in range(0, MUTANTS, MUTANT_CHUNK)]


def _request(n, family, seed, dimension, workers, executor) -> dict[str, Any]:
    """Validate every argument before any work is done."""
    function = "synthesize"
    n = check.positive_int(n, "n", function)
    if family != "all":
        check.one_of(family, ("all", *FAMILIES), "family", function)
    seed = check.positive_int(seed, "seed", function, allow_zero=True)
    if workers is not None:
        check.positive_int(workers, "workers", function)
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise InvalidParameterError("executor", function, "a concurrent.futures.Executor", executor)
    if dimension is not None:
        dimension = check.positive_int(dimension, "dimension", function)
        names = ALL if family == "all" else (family,)
        made = sorted({d for name in names for d in FAMILIES[name].dimensions})
        if dimension not in made:
            which = "any family" if family == "all" else f"family {family!r}"
            raise InvalidParameterError(
                "dimension",
                function,
                f"one that {which} makes ({', '.join(map(str, made))})",
                dimension,
            )
    return {
        "n": n,
        "family": family,
        "seed": seed,
        "dimension": dimension,
        "version": GENERATOR_VERSION,
        "registry": fingerprint(),
    }


def families_of(request: dict[str, Any]) -> tuple[str, ...]:
    """The families a request draws from, in turn: with ``family="all"`` and a
    dimension, those that make it."""
    if request["family"] != "all":
        return (request["family"],)
    dimension = request["dimension"]
    return tuple(f for f in ALL if dimension is None or dimension in FAMILIES[f].dimensions)


def _shown(progress) -> bool:
    return True if progress is None else bool(progress)


# --- the work units ------------------------------------------------------------------
def run_unit(
    unit: Sequence, seed: int, dimension: int | None, parent: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Draw and verify the candidates of one unit; their verdicts as plain data.

    ``parent``, for a unit of mutants, is the spectrum of the system they are mutants
    of (:func:`_spectrum` of its verdict): mutants with its terms and its spectrum are
    rejected early (see :func:`chaosbench.synthesis.acceptance.verify`). It is
    determined by the unit, so a unit's verdicts are too.

    ``("chunk", family, k)`` is candidates ``k * size`` to ``(k + 1) * size - 1`` of
    the family, ``size`` being the family's ``chunk``; ``("mutants", family, index, start,
    *path)`` is mutants ``start`` to ``start + MUTANT_CHUNK - 1`` of the mutant
    ``path`` of candidate ``index`` (of the candidate itself when ``path`` is empty).
    """
    source = FAMILIES[unit[1]]
    if unit[0] == "chunk":
        size = chunk_size(unit[1])
        first = unit[2] * size
        candidates = [source.draw(seed, i, dimension) for i in range(first, first + size)]
        slots = None  # fresh draws have no parent
    else:
        ancestor = source.lineage(seed, unit[2], unit[4:], dimension)[-1]
        candidates = list(source.mutants(ancestor, seed)[unit[3] : unit[3] + MUTANT_CHUNK])
        slots = _slots(ancestor)
    out = []
    for candidate in candidates:
        # coefficients moved only: the parent's terms, so the parent's pattern
        twin = parent if parent is not None and _slots(candidate) == slots else None
        verdict = verify(candidate, source.name_of(candidate, seed), twin=twin)
        record: dict[str, Any] = {"index": candidate.index, "failed": verdict.failed}
        if candidate.mutant is not None:
            record["mutant"] = list(candidate.mutant)
        if verdict.failed is None:
            record["equations"] = list(verdict.equations)
            record["annotations"] = verdict.annotations
            record["pattern"] = json.loads(json.dumps(candidate.pattern()))
        out.append(record)
    return out


class _Scheduler:
    """Runs units in this process or on a pool, reuses finished ones from the journal."""

    def __init__(self, request, done, workers, executor, journal) -> None:
        self.seed, self.dimension = request["seed"], request["dimension"]
        self.done, self.journal = done, journal
        serial = executor is None and (workers or os.cpu_count() or 1) == 1
        self.owned = executor is None and not serial
        self.pool = ProcessPoolExecutor(max_workers=workers) if self.owned else executor
        self.ahead = 2 * (workers or os.cpu_count() or 2) if self.pool is not None else 1
        self.pending: dict[tuple, Future] = {}

    def prefetch(self, unit: tuple, parent: dict[str, Any] | None = None) -> None:
        if self.pool is None or unit in self.done or unit in self.pending:
            return
        self.pending[unit] = self.pool.submit(run_unit, unit, self.seed, self.dimension, parent)

    def result(self, unit: tuple, parent: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The verdicts of ``unit``, which is read once: they are not kept here after
        (a run of ten thousand systems reads millions of verdicts)."""
        if unit in self.done:
            return self.done.pop(unit)
        if unit in self.pending:
            results = self.pending.pop(unit).result()
        else:
            results = run_unit(unit, self.seed, self.dimension, parent)
        _journal_append(self.journal, unit, results)
        return results

    def __enter__(self) -> _Scheduler:
        return self

    def __exit__(self, *exc) -> None:
        for future in self.pending.values():
            future.cancel()
        if self.owned:
            self.pool.shutdown(wait=True, cancel_futures=True)


# --- keeping systems in order ----------------------------------------------------------
class _Collector:
    """Reads chunk results in order, keeps the systems, counts every verdict."""

    def __init__(self, request: dict[str, Any], families: tuple[str, ...]) -> None:
        self.request, self.families = request, families
        self.quota = shares(request["n"], families)
        self.kept: list[System] = []
        self.patterns: dict[str, list[System]] = {}
        self.tried = 0
        self.by_family = {
            f: {
                "candidates": 0,
                "accepted": 0,
                "mutants": 0,
                "mutants_accepted": 0,
                "lineages": 0,
                "rejected": dict.fromkeys(TESTS, 0),
            }
            for f in families
        }
        self._reported = 0

    @property
    def finished(self) -> bool:
        return len(self.kept) >= self.request["n"]

    def full(self, family: str) -> bool:
        """Whether ``family`` has given its share of the systems."""
        return self.by_family[family]["accepted"] >= self.quota[family]

    def room(self, family: str) -> int:
        """How many more systems ``family`` may give."""
        return max(0, self.quota[family] - self.by_family[family]["accepted"])

    def add(self, family: str, record: dict[str, Any]) -> bool:
        """Count one verdict; keep its system unless it copies one kept before.
        Whether it was kept."""
        if self.full(family):
            return False
        counts = self.by_family[family]
        mutant = record.get("mutant") is not None
        self.tried += 1
        counts["candidates"] += 1
        counts["mutants"] += mutant
        failed = record["failed"]
        system = None
        if failed is None:
            system = self._system(FAMILIES[family], record)
            if self._duplicate(system, [family, record["pattern"]]):
                failed = "distinct"
        if failed is not None:
            counts["rejected"][failed] += 1
            return False
        counts["accepted"] += 1
        counts["mutants_accepted"] += mutant
        counts["lineages"] += not mutant
        self.kept.append(system)
        return True

    def kept_since_last(self) -> int:
        new = len(self.kept) - self._reported
        self._reported = len(self.kept)
        return new

    def _system(self, family: Family, record: dict[str, Any]) -> System:
        seed, index = self.request["seed"], record["index"]
        chain = family.lineage(seed, index, record.get("mutant", ()), self.request["dimension"])
        candidate = chain[-1]
        parents = [family.name_of(chain[-2], seed)] if len(chain) > 1 else []
        name = family.name_of(candidate, seed)
        declaration = Declaration(
            name=name,
            kind=candidate.kind,
            variables=candidate.variables,
            parameters={},
            equations=tuple(record["equations"]),
            ic=candidate.ic,
            citation="generated by chaosbench.synthesize (see its provenance)",
            field="mathematics",
            description=f"Generated {family.description}: {candidate.summary}.",
        )
        provenance = {
            "family": family.name,
            "parents": [*candidate.parents, *parents],
            "seed": seed,
            "index": index,
            **({"mutant": list(candidate.mutant)} if candidate.mutant is not None else {}),
            **dict(candidate.details),
            "generator": f"chaosbench.synthesize {GENERATOR_VERSION}",
        }
        return System(
            declaration, record["annotations"], shared_kernels=True, provenance=provenance
        )

    def _duplicate(self, system: System, pattern) -> bool:
        key = json.dumps(pattern)
        twins = self.patterns.setdefault(key, [])
        if any(same_spectrum(system.annotations, other.annotations) for other in twins):
            return True
        twins.append(system)
        return False

    def report(self) -> dict[str, Any]:
        rejected = dict.fromkeys(TESTS, 0)
        for counts in self.by_family.values():
            for test, k in counts["rejected"].items():
                rejected[test] += k
        return {
            "candidates": self.tried,
            "accepted": len(self.kept),
            "acceptance_rate": len(self.kept) / self.tried if self.tried else 0.0,
            "rejected": rejected,
            "by_family": self.by_family,
        }


def _slots(candidate) -> frozenset:
    """Which monomials sit in which equations of ``candidate``."""
    return frozenset((t.equation, t.monomial) for t in candidate.terms)


# --- the journal -------------------------------------------------------------------------
def _read_journal(journal, request) -> dict[tuple, list[dict[str, Any]]]:
    """Finished units of an earlier run of the same request (empty for a new one)."""
    if journal is None:
        return {}
    path = Path(journal)
    key = {k: request[k] for k in ("family", "seed", "dimension", "version", "registry")}
    if not path.exists():
        path.write_text(json.dumps({"journal": key}) + "\n")
        return {}
    done: dict[tuple, list[dict[str, Any]]] = {}
    text = path.read_bytes()
    lines = text.split(b"\n")
    try:
        head = json.loads(lines[0])
    except (json.JSONDecodeError, UnicodeDecodeError):
        head = None
    if head != {"journal": key}:
        raise ChaosbenchError(
            f"{path} is the journal of another request; remove it or repeat the request "
            f"it was made for ({lines[0][:200].decode(errors='replace')})"
        )
    good = len(lines[0]) + 1
    for line in lines[1:]:
        try:
            entry = json.loads(line)
            done[tuple(entry["unit"])] = list(entry["results"])
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError):
            break  # the line a killed run was writing: it and what follows are redone
        good += len(line) + 1
    if good < len(text):
        with open(path, "r+b") as handle:  # drop the torn line before appending
            handle.truncate(good)
    return done


def _journal_append(journal, unit: tuple, results: list[dict[str, Any]]) -> None:
    if journal is None:
        return
    with open(journal, "a") as handle:
        handle.write(json.dumps({"unit": list(unit), "results": results}) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
