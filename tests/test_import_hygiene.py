"""Layering: the domain (cases/) and persistence (storage/) never pull in the UI toolkit,
and the domain never pulls in the database.

Each check runs in a fresh interpreter, so what other tests imported does not
hide an offending import. Modules are discovered with ``pkgutil.walk_packages``:
a new module is checked without editing this file.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    packages, forbidden = sys.argv[1].split(","), sys.argv[2].split(",")
    imported = []
    for name in packages:
        package = importlib.import_module(name)
        imported.append(name)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    loaded = sorted(m for m in forbidden if m in sys.modules)
    print(json.dumps({"imported": imported, "loaded": loaded}))
    """
)


def _probe(packages: list[str], forbidden: list[str], extra_path: Path | None = None) -> dict:
    path = [str(REPO)] + ([str(extra_path)] if extra_path else [])
    code = f"import sys; sys.path[:0] = {path!r}\n" + _PROBE
    result = subprocess.run(
        [sys.executable, "-c", code, ",".join(packages), ",".join(forbidden)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cases_and_storage_never_import_textual():
    report = _probe(["cases", "storage"], ["textual"])
    assert "storage.store" in report["imported"] and "cases.model" in report["imported"]
    assert "storage.outbound.mail" in report["imported"] and "storage.outbound.robots" in report["imported"]
    assert report["loaded"] == [], f"textual imported by cases/ or storage/: {report['loaded']}"


def test_cases_never_import_tinydb():
    report = _probe(["cases"], ["tinydb", "textual"])
    assert report["loaded"] == [], f"the domain imported {report['loaded']}"


def test_the_probe_catches_an_offending_import(tmp_path):
    """The check itself works: a package with one bad module deep inside is caught."""
    package = tmp_path / "fakepkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "innocent.py").write_text("import json\n")
    (package / "sub" / "sneaky.py").write_text("import tinydb\n")
    report = _probe(["fakepkg"], ["tinydb"], extra_path=tmp_path)
    assert "fakepkg.sub.sneaky" in report["imported"]
    assert report["loaded"] == ["tinydb"]


def _storage_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module of ``storage`` an import in ``tree`` reaches, with its line: ``from storage
    import X`` reaches ``storage`` when X is one of its exported names, else ``storage.X``."""
    import storage

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "storage"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "storage":
                found += [(node.lineno, "storage" if a.name in storage.__all__ else f"storage.{a.name}")
                          for a in node.names]
            elif node.module.split(".")[0] == "storage":
                found.append((node.lineno, node.module))
    return sorted(found)


def _offenders(root: Path) -> list[str]:
    from storage import PUBLIC_MODULES

    allowed = PUBLIC_MODULES | {"storage"}
    out = []
    for path in sorted(root.rglob("*.py")):
        for line, module in _storage_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module not in allowed:
                out.append(f"{path.relative_to(root.parent)}:{line}: {module}")
    return out


def test_the_ui_imports_only_the_public_face_of_storage():
    """tui/ imports the names ``storage`` exports and its public modules, never its internals
    (the codec, the summaries, the journal …), which may change without telling the UI."""
    assert _offenders(REPO / "tui") == []


def test_the_public_face_check_catches_an_internal_import(tmp_path):
    ui = tmp_path / "tui"
    (ui / "screens").mkdir(parents=True)
    (ui / "fine.py").write_text("from storage import dumps, no_gc\nfrom storage.store import Store\n")
    (ui / "screens" / "bad.py").write_text(
        "def f():\n    from storage.codec import dumps\n    from storage import summaries\n    import storage.journal\n")
    assert _offenders(ui) == ["tui/screens/bad.py:2: storage.codec", "tui/screens/bad.py:3: storage.summaries",
                              "tui/screens/bad.py:4: storage.journal"]


def test_the_exported_names_resolve_and_cost_nothing_until_used():
    """Each name ``storage`` exports is found where it says; importing the package (for
    ``storage.paths``, say) loads none of them."""
    code = ("import sys, storage, storage.paths\n"
            "before = sorted(m for m in sys.modules if m.startswith('storage.') and m != 'storage.paths')\n"
            "missing = [n for n in storage.__all__ if getattr(storage, n, None) is None]\n"
            "print(before, missing)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"
