"""`report.html` rendered in a real headless Chromium (Debian's `chromium`; `.ci/run` installs
it), offline: the page lists the run and shows every check's status, and loads nothing from
anywhere else."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gates.corrupt import REPO, edit, first_id
from khobor.release.validate import validate_release

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # offline: every host resolves to nothing and every request would go to a dead proxy
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)

# Added to a copy of the report (the report itself has no script): for every status badge,
# whether it has a layout box, is visible and what its colours are; written into the DOM that
# `--dump-dom` prints.
PROBE = """
<script>
const found = [...document.querySelectorAll("tr.check")].map((row) => {
  const badge = row.querySelector(".status");
  const style = getComputedStyle(badge);
  const box = badge.getBoundingClientRect();
  return {check: row.id.slice(6), status: row.dataset.status, text: badge.textContent.trim(),
          width: box.width, height: box.height, visibility: style.visibility,
          display: style.display, background: style.backgroundColor, color: style.color};
});
const runs = [...document.querySelectorAll("#run-list tr.run .run-name")].map(
  (cell) => cell.textContent.trim());
const external = [...document.querySelectorAll("[src], link[href]")].map(
  (el) => el.getAttribute("src") || el.getAttribute("href"));
const probe = document.createElement("pre");
probe.id = "probe";
probe.textContent = JSON.stringify({found, runs, external,
  resources: performance.getEntriesByType("resource").map((e) => e.name)});
document.body.appendChild(probe);
</script>
"""


def chromium() -> str:
    """Debian's chromium; installed here when missing and we may (root with apt-get), so the
    README's two commands pass on a fresh machine: nothing is installed by hand."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=quiet)
        found = shutil.which("chromium")
    if found is None:
        pytest.fail("Debian's chromium is needed for this test: `apt-get install -y chromium`")
    return found


def run_chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def probe(report: Path, tmp_path: Path) -> dict[str, Any]:
    page = tmp_path / "probed.html"
    page.write_text(
        report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), "utf-8"
    )
    done = run_chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    match = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert match, done.stdout[-2000:]
    text = match.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    result: dict[str, Any] = json.loads(text.replace("&amp;", "&"))
    return result


@pytest.fixture
def failing_report(good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The report of a release with a null headline: pass, FAIL and skipped checks."""
    monkeypatch.chdir(REPO)
    edit(good, "train", lambda rows: rows[0].update(headline=None))
    out = tmp_path / "reports"
    validation = validate_release(good, report_dir=out, previous=None)
    assert not validation.passed
    return out / "report.html"


def test_report_html_is_self_contained() -> None:
    from khobor.gates import report

    template = Path(report.__file__).parents[1] / "render" / "templates" / report.HTML_TEMPLATE
    text = template.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert not re.search(r"(src|href)=|url\(", text)


def test_report_html_names_what_blocks_at_the_top(failing_report: Path) -> None:
    """Like report.md's "Blocking:" line: before the first table, every failing error-level
    check named (no link: the page loads and points at nothing, even in itself)."""
    report = json.loads((failing_report.parent / "report.json").read_text())
    blocking = [c["check"] for c in report["checks"] if c["level"] == "error" and not c["passed"]]
    assert "schema.nullability" in blocking
    html = failing_report.read_text(encoding="utf-8")
    top = html[: html.index('<h2 id="runs">')]
    assert 'id="blocking"' in top
    for check in blocking:
        assert f"<code>{check}</code>" in top


def test_headless_chromium_shows_the_run_and_every_check_status(
    failing_report: Path, tmp_path: Path
) -> None:
    report = json.loads((failing_report.parent / "report.json").read_text())
    seen = probe(failing_report, tmp_path)
    assert seen["external"] == [] and seen["resources"] == []  # nothing loaded, offline
    assert seen["runs"] == [report["run_name"]]  # the index lists the run, by its name
    assert report["run_name"].startswith("khobor-1.0.0-")
    statuses = {c["check"]: c for c in seen["found"]}
    assert set(statuses) == {c["check"] for c in report["checks"]}  # every check is shown
    for check in report["checks"]:
        shown = statuses[check["check"]]
        status = "skipped" if check["skipped"] else "pass" if check["passed"] else "fail"
        if not check["passed"] and check["level"] == "warn":
            status = "warn"
        assert shown["status"] == status, check["check"]
        assert shown["text"].endswith(status if status != "fail" else "FAIL")
        assert shown["width"] > 0 and shown["height"] > 0  # laid out, not collapsed
        assert shown["visibility"] == "visible" and shown["display"] != "none"
        assert shown["background"] != "rgba(0, 0, 0, 0)"  # styled: the inline CSS applies
    assert statuses["schema.nullability"]["status"] == "fail"
    assert statuses["schema.nullability"]["background"] == "rgb(255, 235, 233)"
    assert statuses["schema.columns"]["background"] == "rgb(218, 251, 225)"
    assert statuses["drift.row_count"]["status"] == "skipped"
    html = failing_report.read_text(encoding="utf-8")
    assert first_id(failing_report.parents[1] / "releases" / "1.0.0") in html


def test_headless_chromium_screenshot(failing_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = run_chromium(
        failing_report,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1280,1600",
        "--hide-scrollbars",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
