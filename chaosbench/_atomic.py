"""Files written under a private temporary name and renamed into place when complete."""

from __future__ import annotations

import os
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
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # mkstemp's private 0600 is not what users expect
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
