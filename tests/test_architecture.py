"""The apps' imports run one way (.importlinter), and breaking that fails the build."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every app the contracts name (a new app is added to .importlinter, and so here too).
_CONTRACTS = configparser.ConfigParser()
_CONTRACTS.read(ROOT / ".importlinter")
APPS = _CONTRACTS["importlinter"]["root_packages"].split()


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_back_import_breaks_the_contracts(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    planted = tmp_path / "cases" / "selectors.py"
    planted.write_text(planted.read_text() + "\nfrom intake import forms  # noqa: E402,F401\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "cases is not allowed to import intake" in result.stdout
    assert "cases.selectors -> intake.forms" in result.stdout
