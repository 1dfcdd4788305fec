"""Numba's cache files are removed when any source file of the package changes."""

import os

from chaosbench import _kernel_cache


def _tree(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    cached = [
        package / "sub" / "__pycache__" / name for name in ("b.f-1.py311.nbi", "b.f-1.py311.1.nbc")
    ]
    return package, cached


def _put(files):
    for path in files:
        path.write_bytes(b"compiled")


def test_cache_files_go_when_any_source_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    package, cached = _tree(tmp_path)
    _put(cached)
    assert _kernel_cache.follow_sources(package)  # first sight: no stamp, cleared
    assert not any(path.exists() for path in cached)
    _put(cached)
    assert not _kernel_cache.follow_sources(package)  # nothing changed: kept
    assert all(path.exists() for path in cached)
    other = package / "a.py"  # a file the cached kernel's own file does not see
    os.utime(other, ns=(0, other.stat().st_mtime_ns + 10**9))
    assert _kernel_cache.follow_sources(package)
    assert not any(path.exists() for path in cached)


def test_a_numba_cache_dir_mirror_is_followed_too(tmp_path, monkeypatch):
    package, _ = _tree(tmp_path)
    root = tmp_path / "numba-cache"
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(root))
    mirror = root / str(package).lstrip("/")
    (mirror / "sub").mkdir(parents=True)
    kept = mirror / "sub" / "b.f-1.py311.nbi"
    _put([kept])
    assert _kernel_cache.follow_sources(package)
    assert not kept.exists()
    _put([kept])
    assert not _kernel_cache.follow_sources(package)
    assert kept.exists()
