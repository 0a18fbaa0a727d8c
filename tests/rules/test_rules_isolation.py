"""The rules package is plain Python: importing all of it must not pull in Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import tdkt.rules

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_of_the_package_imports_django():
    modules = [m.name for m in pkgutil.walk_packages(tdkt.rules.__path__, "tdkt.rules.")]
    modules = [m for m in modules if m != "tdkt.rules.__main__"]  # runs the CLI on import
    assert {"tdkt.rules.case", "tdkt.rules.engine", "tdkt.rules.cli"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from tdkt.rules import load_builtin; load_builtin()\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_catalogue_data_ships_inside_the_package():
    data = Path(tdkt.rules.__file__).parent / "data"
    assert (data / "base.json").is_file() and (data / "versions.json").is_file()
    for path in Path(tdkt.rules.__file__).parent.rglob("*.py"):
        assert "../shared" not in path.read_text(encoding="utf-8"), path
