"""``.ci/audit``: pip-audit over the locked dependencies, honest about what it could not audit.

The real pip-audit runs against a small pinned lock file: where its
vulnerability service is unreachable (as in this workplace) the script must
warn that nothing was audited and still exit 0; where it is reachable, those
old pins have published advisories and the script must exit 1. The verdict on
a report that lists vulnerabilities is also checked on pip-audit's JSON
format directly, since no vulnerability service can be run locally.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

AUDIT = ROOT / ".ci" / "audit"


def _module():
    loader = importlib.machinery.SourceFileLoader("ci_audit", str(AUDIT))
    spec = importlib.util.spec_from_loader("ci_audit", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_real_run_never_passes_off_an_unreachable_service(tmp_path: Path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("flask==2.2.0\nrequests==2.19.0\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(AUDIT), str(lock)], capture_output=True, text=True, timeout=600
    )
    out = proc.stdout
    assert "Traceback" not in proc.stderr
    if "NOT audited" in out or "NO AUDIT" in out:  # the service could not be reached
        assert proc.returncode == 0, out
        assert "NOT DONE" in out or "NO AUDIT" in out
        assert "no known vulnerabilities" not in out.splitlines()[-1]
    else:  # reachable: these pins have published advisories
        assert proc.returncode == 1 and "FAIL" in out, out


def test_vulnerabilities_fail_the_audit():
    report = {
        "dependencies": [
            {
                "name": "flask",
                "version": "2.2.0",
                "vulns": [
                    {
                        "id": "PYSEC-2023-62",
                        "fix_versions": ["2.2.5"],
                        "aliases": [],
                        "description": "x",
                    }
                ],
            },
            {"name": "lxml", "version": "5.3.0", "vulns": []},
            {
                "name": "spacy",
                "skip_reason": "Dependency not found on PyPI and could not be audited: spacy (3.8.0)",
            },
        ],
        "fixes": [],
    }
    code, lines = _module().judge(report, 1)
    text = "\n".join(lines)
    assert code == 1
    assert "PYSEC-2023-62" in text and "2.2.5" in text and "FAIL" in text
    assert "1 of 3 packages were NOT audited" in text


def test_clean_and_unreported_runs_pass_with_the_right_words():
    judge = _module().judge
    code, lines = judge({"dependencies": [{"name": "lxml", "version": "5.3.0", "vulns": []}]}, 0)
    assert code == 0 and lines[-1] == "audit: 1 of 1 packages audited: no known vulnerabilities"
    code, lines = judge(None, 2, "ConnectionError: no route to host")
    assert code == 0 and "NO AUDIT WAS DONE" in lines[0] and "no route" in lines[-1]


def test_missing_lock_file_is_an_error(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, str(AUDIT), str(tmp_path / "nope.lock")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "not found" in proc.stderr
