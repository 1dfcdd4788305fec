"""pyproject.toml lists packages explicitly: a new subpackage left off is missing from a
regular (non-editable) install, which the editable test install never notices."""

import tomllib
from pathlib import Path

import chaosbench

ROOT = Path(chaosbench.__file__).parent


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT.parent).parts) for init in ROOT.rglob("__init__.py")
    }
    assert found - listed == set(), f"add to [tool.setuptools] packages: {sorted(found - listed)}"
