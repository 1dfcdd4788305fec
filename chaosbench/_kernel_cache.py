"""Numba's on-disk kernel cache, kept in step with the package's source as a whole.

Numba keys each cached kernel on the time stamp and size of the one file that defines
it, not on the files it calls into: a kernel that calls a helper of another module
(``solve_explicit_many`` calls ``solve_explicit``) keeps its compiled copy of the old
helper after only the helper's file is edited, and silently runs old code. A checkout
or an edit of a source tree must therefore invalidate every kernel at once.

:func:`follow_sources` stamps the package's ``__pycache__`` with a digest of every
source file's size and time stamp, and removes numba's cache files (``*.nbi``,
``*.nbc``) whenever the digest has changed since. An installed package never changes
file by file, so there the digest is computed once and nothing is removed; a folder
that cannot be written is left alone (numba then keeps its cache elsewhere).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
STAMP = PACKAGE / "__pycache__" / "numba-sources.stamp"


def sources_digest(package: Path = PACKAGE) -> str:
    """Digest of the relative path, size and modification time of every ``.py`` file."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_folders(package: Path = PACKAGE) -> list[tuple[Path, Path]]:
    """Where numba keeps this package's kernels, each with the stamp file it gets: the
    package's own ``__pycache__`` folders and, if ``NUMBA_CACHE_DIR`` is set, the mirror
    of the package under it."""
    folders = [(package, package / "__pycache__" / STAMP.name)]
    root = os.environ.get("NUMBA_CACHE_DIR")
    if root:
        mirror = Path(root) / str(package).lstrip("/\\").replace(":", "")
        folders.append((mirror, mirror / STAMP.name))
    return folders


def follow_sources(package: Path = PACKAGE) -> bool:
    """Remove the package's numba cache files wherever a source changed since the last
    call; return whether any were removed."""
    current = sources_digest(package)
    removed = False
    for folder, stamp in cache_folders(package):
        try:
            if stamp.read_text() == current:
                continue
        except OSError:
            pass  # no stamp yet: a fresh tree, or one stamped by an older chaosbench
        try:
            for pattern in ("*.nbi", "*.nbc"):
                for path in folder.rglob(pattern):
                    path.unlink(missing_ok=True)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(current)
        except OSError:  # a read-only installation: numba's own cache locations apply
            continue
        removed = True
    return removed
