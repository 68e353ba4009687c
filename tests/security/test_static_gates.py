"""
T-S13: the static, dependency and configuration gates (specs/security.md §8.1, R-24).

- bandit over ``src/haven`` at medium severity and above, with ``bandit.yaml``: no
  finding, and every ``nosec`` names its test and says why;
- ``manage.py check --deploy --fail-level WARNING`` with the settings a production
  server runs with (and, to show the check bites, failing with the local ones);
- pip-audit over every package pinned in ``uv.lock``. It asks PyPI's advisory
  service; when that does not answer the test skips and says so, but a reported
  vulnerability fails even when other packages could not be checked.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
REVIEWED_NOSEC = re.compile(r"^\s+(?P<ids>B\d{3}(?:,\s*B\d{3})*)\s+#\s*\S.{9,}$")


def _run(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 600):
    return subprocess.run(  # noqa: S603  (fixed tool paths and arguments)
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow
def test_bandit_finds_nothing_of_medium_or_high_severity():
    """Every medium or high finding is fixed or waived on its line with a reason."""
    result = _run(
        [
            str(BIN / "bandit"),
            "-c",
            "bandit.yaml",
            "-r",
            "src/haven",
            "-ll",
            "-q",
            "-f",
            "json",
        ]
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []
    assert report["errors"] == []
    assert result.returncode == 0
    scanned = report["metrics"]["_totals"]["loc"]
    assert scanned > 10_000, "bandit scanned too little of src/haven"


def test_bandit_configuration_waives_nothing_wholesale():
    """Waivers are per line: the configuration file skips no test."""
    text = (ROOT / "bandit.yaml").read_text()
    skips = re.search(r"^skips:\s*(?P<value>.*)$", text, re.MULTILINE)
    assert skips is not None, "bandit.yaml: skips: missing"
    assert skips["value"].strip() == "[]", "bandit.yaml: skips: waive per line"


def test_every_nosec_names_its_test_and_a_reason():
    """A suppression reads ``# nosec B608  # why``: reviewed, not silenced."""
    unreviewed = []
    for path in sorted((ROOT / "src" / "haven").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = NOSEC.search(line)
            if match and not REVIEWED_NOSEC.match(match["rest"]):
                unreviewed.append(f"{path.relative_to(ROOT)}:{number}")
    assert unreviewed == []


def _deploy_check(env_changes: dict[str, str | None], var_dir: Path):
    env = {k: v for k, v in os.environ.items() if k != "HAVEN_DEBUG"}
    env["HAVEN_VAR_DIR"] = str(var_dir)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        timeout=120,
    )


PRODUCTION = {
    "HAVEN_SECRET_KEY": secrets.token_urlsafe(64),
    "HAVEN_ALLOWED_HOSTS": "haven.example.org",
    "HAVEN_CSRF_TRUSTED_ORIGINS": "https://haven.example.org",
    "HAVEN_HTTPS": "1",
    "HAVEN_SECURE_COOKIES": None,
}


def test_deploy_check_passes_with_production_settings(tmp_path):
    """HTTPS only, HSTS, Secure cookies, a long key, no DEBUG: no warning."""
    result = _deploy_check(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_served_over_plain_http(tmp_path):
    """Without HAVEN_HTTPS (as `make run` serves) the same check names the gaps."""
    result = _deploy_check({**PRODUCTION, "HAVEN_HTTPS": None}, tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012"):
        assert warning in result.stderr


def locked_requirements() -> list[str]:
    """Return ``name==version`` for every package uv.lock takes from a registry."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return sorted(
        f"{package['name']}=={package['version']}"
        for package in lock["package"]
        if "registry" in package.get("source", {})
    )


UNREACHABLE = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
)


def audit_verdict(report: dict[str, object] | None, stderr: str) -> tuple[str, str]:
    """
    Return ("fail" | "skip" | "pass", why) for one pip-audit run.

    Vulnerabilities come first, so that packages the service could not check never
    hide one it did report. A run that checked nothing, or part of the lock, skips.
    """
    if report is None:
        if any(sign in stderr for sign in UNREACHABLE):
            return "skip", "the advisory service did not answer: " + stderr[-300:]
        return "fail", "pip-audit wrote no report: " + stderr[-600:]
    dependencies = report.get("dependencies")
    if not isinstance(dependencies, list) or not dependencies:
        return "fail", "pip-audit reported no dependencies"
    vulnerable = [
        f"{d['name']} {d['version']}: "
        + ", ".join(v["id"] for v in d["vulns"])
        + " (fix: "
        + ", ".join(f for v in d["vulns"] for f in v.get("fix_versions", []))
        + ")"
        for d in dependencies
        if d.get("vulns")
    ]
    if vulnerable:
        return "fail", "known vulnerabilities: " + "; ".join(vulnerable)
    unchecked = [d for d in dependencies if d.get("skip_reason")]
    if unchecked:
        return "skip", (
            f"the advisory service did not answer for {len(unchecked)} of "
            f"{len(dependencies)} packages (first: {unchecked[0]['skip_reason']})"
        )
    return "pass", f"{len(dependencies)} packages, no known vulnerability"


@pytest.mark.slow
def test_no_locked_dependency_has_a_known_vulnerability(tmp_path):
    """pip-audit over uv.lock exits 0; a finding fails, silence from PyPI skips."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(locked_requirements()) + "\n")
    output = tmp_path / "audit.json"
    try:
        result = _run(
            [
                str(BIN / "pip-audit"),
                "-r",
                str(requirements),
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "-f",
                "json",
                "-o",
                str(output),
            ],
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("the advisory service did not answer within 15 minutes")
    report = json.loads(output.read_text()) if output.exists() else None
    verdict, why = audit_verdict(report, result.stderr)
    if verdict == "skip":
        pytest.skip(why)
    assert verdict == "pass", why
    assert result.returncode == 0, result.stderr


def test_the_lock_is_audited_whole():
    """Every package of uv.lock is pinned for the audit, the project itself aside."""
    requirements = locked_requirements()
    names = {line.split("==")[0] for line in requirements}
    assert {"django", "cryptography", "djangorestframework"} <= names
    assert "haven" not in names
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[^=\s]+", r) for r in requirements)


def _dependency(name: str, **extra: object) -> dict[str, object]:
    return {"name": name, "version": "1.0", "vulns": [], **extra}


def test_a_vulnerability_fails_even_when_other_packages_went_unchecked():
    """Packages the service skipped never hide one it reported."""
    report = {
        "dependencies": [
            _dependency("a", skip_reason="Dependency not found on PyPI"),
            _dependency("b", vulns=[{"id": "PYSEC-1", "fix_versions": ["1.1"]}]),
        ]
    }
    verdict, why = audit_verdict(report, "")
    assert verdict == "fail"
    assert "b 1.0: PYSEC-1 (fix: 1.1)" in why


def test_an_unanswered_audit_skips_and_a_clean_one_passes():
    """Unchecked packages skip with the reason; a crash without a cause fails."""
    unchecked = {"dependencies": [_dependency("a", skip_reason="not found on PyPI")]}
    assert audit_verdict(unchecked, "")[0] == "skip"
    assert audit_verdict({"dependencies": [_dependency("a")]}, "")[0] == "pass"
    assert audit_verdict(None, "requests ConnectionError: Max retries")[0] == "skip"
    assert audit_verdict(None, "Traceback: KeyError")[0] == "fail"
    assert audit_verdict({"dependencies": []}, "")[0] == "fail"
