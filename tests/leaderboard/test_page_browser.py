"""The rendered page in a real headless Chromium (driven by Playwright).

Skipped where Playwright or a Chromium binary is missing; ``.ci/run`` installs both
(Debian's ``chromium`` and the ``browser`` extra), so CI runs it. The browser is
the system's: Playwright downloads nothing. Every request other than the page's
own file is refused and recorded, so the page is shown to work offline.
"""

import os
import shutil
from pathlib import Path

import pytest

from chaosbench.leaderboard.build import build
from chaosbench.leaderboard.validate import record, validate
from tests.leaderboard.conftest import REFERENCE, SLUG
from tests.leaderboard.test_render import add_copy

pytestmark = pytest.mark.browser

COMMITTED = Path(__file__).resolve().parents[2] / "leaderboard" / "index.html"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium binary (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """A page opened from a file, with its console errors and refused requests."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.refused: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        url = path.resolve().as_uri()
        self.page.route("**/*", lambda route: self._route(route, url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _route(self, route, url: str) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def column(self, table: str, index: int) -> list[str]:
        return self.page.eval_on_selector_all(
            f"{table} tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
        )


@pytest.fixture
def test_page(board) -> Path:
    for slug in (SLUG, REFERENCE):
        record(validate(board / "submissions" / slug, board), board)
    add_copy(board, "zeta", "Zeta model")
    add_copy(board, "alpha", "Alpha model")
    build(board)
    return board / "index.html"


def test_page_loads_sorts_and_drills_down(browser, test_page, tmp_path):
    visit = Visit(browser, test_page)
    page = visit.page
    ranking = "table.ranking"
    names = ["Alpha model", "Context parroting", "Last value", "Zeta model"]
    assert visit.column(ranking, 1) == ["Context parroting", "Alpha model", "Last value",
                                        "Zeta model"]  # by win rate, then name  # fmt: skip
    method = page.locator(f"{ranking} thead th", has_text="Method")
    method.click()
    assert visit.column(ranking, 1) == names
    assert method.get_attribute("aria-sort") == "ascending"
    method.click()
    assert visit.column(ranking, 1) == names[::-1]
    assert method.get_attribute("aria-sort") == "descending"

    drill = "table.drill"
    assert len(visit.column(drill, 0)) == 4  # the reduced task's systems
    page.select_option("select.drill-method", "zeta")
    systems = visit.column(drill, 0)
    assert sorted(systems) == ["Henon", "Lorenz", "MackeyGlass", "Rossler"]
    exponent = page.locator(f"{drill} thead th", has_text="Largest Lyapunov exponent")
    exponent.click()  # numbers sort largest first on the first click
    values = [float(v) for v in visit.column(drill, 2)]
    assert values == sorted(values, reverse=True)
    assert page.locator("svg circle, svg rect, svg path").count() > 3
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert visit.errors == [] and visit.refused == []


@pytest.mark.skipif(not COMMITTED.is_file(), reason="no committed leaderboard/index.html")
def test_committed_page(browser, tmp_path):
    visit = Visit(browser, COMMITTED)
    page = visit.page
    ranking = page.locator("table.ranking").first
    rows = ranking.locator("tbody tr").count()
    assert rows >= 2
    header = ranking.locator("thead th", has_text="Win rate")
    header.click()
    cells = ranking.locator("tbody tr td:nth-child(4)")
    values = [float(cells.nth(i).get_attribute("data-v")) for i in range(rows)]
    assert values == sorted(values, reverse=True)
    header.click()
    values = [float(cells.nth(i).get_attribute("data-v")) for i in range(rows)]
    assert values == sorted(values)
    assert page.locator("table.drill").first.locator("tbody tr").count() > 0
    shot = Path(os.environ.get("CHAOSBENCH_SCREENSHOT_DIR", tmp_path)) / "leaderboard.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert visit.errors == [] and visit.refused == []
