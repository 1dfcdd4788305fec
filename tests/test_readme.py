"""The README's Python example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the examples write files where they run, as a user's would
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    usage = [b for b in blocks if "import chaosbench" in b or "from chaosbench import" in b]
    assert usage, "README has no runnable Python example"
    assert any("lyapunov_spectrum()" in b for b in usage)  # "Your own system" runs too
    for block in usage:
        exec(compile(block, str(README), "exec"), {})


def test_readme_has_exactly_two_setup_commands():
    quick = README.read_text().split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)[0].strip().splitlines()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && chaosbench demo")
    assert commands[1].startswith("pip install -e '.[test]' && pytest")
