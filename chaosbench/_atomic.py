"""Files and folders written under a private temporary name, renamed into place when complete.

The one way chaosbench writes a file that someone else may read: a reader sees the
old content or the new, never a half-written file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_atomically(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds.

    The temporary name is unique to this call, so two processes writing the same
    target never mix their bytes: the last to finish wins, whole. On an exception the
    temporary file is removed and ``target`` is left as it was. The folder of
    ``target`` must exist (it is never created here). The file gets the permissions
    of a plain new file (``0666`` less the umask).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with written_atomically(folder / "a.txt") as partial:
    ...     _ = partial.write_text("done")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt']
    """
    target = Path(target)
    # the name ends in .partial, so no partial file ever passes for a finished one
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, 0o666 & ~_umask())  # mkstemp's private 0600 is not what users expect
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def folder_written_atomically(target: str | os.PathLike) -> Iterator[Path]:
    """A new empty folder beside ``target``, put in its place only if the block succeeds.

    On success an existing ``target`` folder is replaced (removed, then the new one
    renamed onto its name); on an exception the new folder is removed and
    ``target`` is left as it was. The parent of ``target`` must exist.
    """
    target = Path(target)
    partial = Path(
        tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    )
    try:
        yield partial
        os.chmod(partial, 0o777 & ~_umask())
        if target.exists():
            shutil.rmtree(target)
        os.replace(partial, target)
    finally:
        if partial.exists():
            shutil.rmtree(partial)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
