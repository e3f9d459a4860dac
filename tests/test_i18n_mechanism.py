"""One mechanism for the UI's languages: the message catalogues (cases/locales/*.json,
looked up with cases.i18n.tr).

No module picks between two hard-coded texts with a ``lang == "en"`` branch, keeps
a per-language table of its own, or splits an "English / 中文" text at " / "; and
the Chinese and English catalogues know the same keys with the same placeholders.
"""

from __future__ import annotations

import io
import json
import re
import string
import tokenize
from pathlib import Path

from cases.i18n import LANGS, catalogue

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "cases" / "locales"

#: Language branches, per-language tables and bilingual splits in source code.
_PATTERNS = {
    "a branch on a language": re.compile(r"""[=!]=\s*["'](?:en|zh)["']|["'](?:en|zh)["']\s*[=!]="""),
    "a language prefix test": re.compile(r"""\.startswith\(\s*["'](?:en|zh)["']"""),
    "a table keyed by language": re.compile(r"""^\s*["'](?:en|zh)["']\s*:\s*[{\[("']"""),
    'a split at " / "': re.compile(r"""(?:split|partition)\(\s*["'] / ["']"""),
    'a bilingual "English / 中文" detail': re.compile(r"""detail\s*=\s*f?["'][^"'\n]* / [^"'\n]*["']"""),
}

#: Files allowed to match: cases/i18n.py is the mechanism itself (normalise_lang maps
#: "en_US.UTF-8" and the like onto a language).
ALLOWED = {"cases/i18n.py"}

#: Keys whose Chinese text deliberately names fewer values than the English one.
FEWER_PLACEHOLDERS_IN_ZH = {
    "store.detail.checksum",  # "校验和不符" / "{what}: checksum"
    "store.detail.journal_out_of_order",  # "日志序号不连续" / "journal seq {seq} after {previous}"
}

#: Keys only the Chinese catalogue has (English would fall back to Chinese). None today:
#: list a key here, with the reason, before leaving it untranslated.
ZH_ONLY: set[str] = set()


def _without_comments(source: str) -> list[str]:
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            (row, col), _ = token.start, token.end
            lines[row - 1] = lines[row - 1][:col]
    return lines


def offences(source: str) -> list[str]:
    found = []
    for number, line in enumerate(_without_comments(source), 1):
        for what, pattern in _PATTERNS.items():
            if pattern.search(line):
                found.append(f"{number}: {what}: {line.strip()}")
    return found


def test_no_language_branches_in_the_code():
    report = {}
    for package in ("cases", "storage", "tui"):
        for path in sorted((REPO / package).rglob("*.py")):
            name = path.relative_to(REPO).as_posix()
            if name in ALLOWED:
                continue
            found = offences(path.read_text("utf-8"))
            if found:
                report[name] = found
    assert report == {}, "texts must come from the catalogues (cases.i18n.tr):\n" + "\n".join(
        f"{name}:{line}" for name, lines in report.items() for line in lines
    )


def test_the_scan_catches_each_kind_of_offence():
    samples = [
        'text = f"{n} working days" if lang == "en" else f"{n}个工作日"',
        'if ctx.lang != "en":',
        'english = str(lang).lower().startswith("en")',
        '    "en": {"title": "Evidence"},',
        'en, sep, zh = self.detail.partition(" / ")',
        'raise CorruptStoreError(path, detail="empty file / 空文件")',
        'raise CorruptStoreError(path, detail=f"journal line {n} / 日志第 {n} 行")',
    ]
    for sample in samples:
        assert offences(sample), sample
    assert offences("x = 1  # lang == \"en\" in a comment") == []
    assert offences('return Path(user_config_dir(APP)) / "settings.json"') == []


def test_the_allow_list_names_existing_files():
    assert all((REPO / name).is_file() for name in ALLOWED)


def _area_files() -> dict[str, dict[str, dict[str, str]]]:
    """{area: {lang: catalogue}}, area "" for <lang>.json."""
    areas: dict[str, dict[str, dict[str, str]]] = {}
    for path in LOCALES.glob("*.json"):
        stem = path.name.removesuffix(".json")
        area, _, lang = stem.rpartition(".")
        assert lang in LANGS, path.name
        areas.setdefault(area, {})[lang] = json.loads(path.read_text("utf-8"))
    return areas


def test_every_area_has_every_language_with_the_same_keys():
    for area, by_lang in _area_files().items():
        assert set(by_lang) == set(LANGS), f"{area or '<base>'}: {sorted(by_lang)}"
        zh = set(by_lang["zh"])
        for lang, entries in by_lang.items():
            assert set(entries) - zh == set(), f"{area}.{lang}: keys unknown in Chinese"
            missing = zh - set(entries) - ZH_ONLY
            assert missing == set(), f"{area}.{lang}: untranslated {sorted(missing)}"


def test_merged_catalogues_agree_and_no_key_is_defined_twice():
    seen: dict[str, str] = {}
    for path in sorted(LOCALES.glob("*.zh.json")) + [LOCALES / "zh.json"]:
        for key in json.loads(path.read_text("utf-8")):
            assert key not in seen, f"{key} in both {seen[key]} and {path.name}"
            seen[key] = path.name
    zh, en = catalogue("zh"), catalogue("en")
    assert set(en) <= set(zh)
    assert set(zh) - set(en) == ZH_ONLY


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_translations_use_the_same_placeholders():
    zh = catalogue("zh")
    for lang in LANGS:
        for key, template in catalogue(lang).items():
            ours, chinese = _fields(template), _fields(zh[key])
            if key in FEWER_PLACEHOLDERS_IN_ZH:
                assert chinese <= ours, key
            else:
                assert ours == chinese, f"{lang} {key}: {sorted(ours)} vs {sorted(chinese)}"
