"""``tousu config [--json] [--keys]``: the effective settings and where each came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.cli.constants import EXIT_OK
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_config(ctx: Context) -> int:
    from storage.settings import FIELDS, KEYS_TABLE, Issue

    settings = ctx.settings
    flags = {"store": getattr(ctx.args, "db", None), "lang": getattr(ctx.args, "lang", None)}
    rows = []
    for name in FIELDS:
        value, source = settings.effective(name, flags.get(name), ctx.env)
        if name == "store":
            value = str(ctx.store_path)
        rows.append({"name": name, "value": value, "source": source})
    issues = list(settings.issues)
    keys = _keys(settings.keys)
    known = {k["id"] for k in keys}
    issues += [Issue(settings.lines.get(f"{KEYS_TABLE}.{a}"), f"{KEYS_TABLE}.{a}", "action")
               for a in settings.keys if a not in known]
    path = settings.path
    messages = [issue.message(path, ctx.lang) for issue in issues]
    if ctx.args.json:
        import json

        data: dict[str, Any] = {"file": str(path), "exists": path is not None and path.exists(),
                                "problem": settings.problem or None, "settings": rows,
                                "keys": keys, "issues": messages}
        _write_line(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    exists = path is not None and path.exists()
    _write_line(ctx.t("cli.config.file" if exists else "cli.config.no_file", path=str(path)))
    if settings.problem:
        _write_line(ctx.t("cli.config.problem", problem=settings.problem))
    width = max(len(r["name"]) for r in rows)
    for row in rows:
        _write_line(f"  {row['name']:<{width}}  {row['value'] or '—'}  ({_source(ctx, row['source'])})")
    for message in messages:
        _write_line(ctx.t("cli.config.issue", message=message))
    if ctx.args.keys:
        _write_line(ctx.t("cli.config.keys_head"))
        id_width = max(len(k["id"]) for k in keys)
        for k in keys:
            mark = ctx.t("cli.config.remapped") if k["remapped"] else ""
            _write_line(f"  {k['id']:<{id_width}}  {k['keys']:<18} {k['label']}{mark}")
    return EXIT_OK


def _source(ctx: Context, source: str) -> str:
    kind, _, detail = source.partition(":")
    if kind == "file" and detail:
        return ctx.t("cli.config.source.file_line", line=detail)
    if kind == "env":
        return ctx.t("cli.config.source.env", var=detail)
    return ctx.t(f"cli.config.source.{kind}")


def _keys(remapped: dict[str, str]) -> list[dict[str, Any]]:
    """Every command id with its key(s), the user's where the keymap gives one."""
    from tui.commands import COMMANDS

    return [{"id": c.action, "keys": remapped.get(c.action, c.key), "label": c.label,
             "remapped": c.action in remapped} for c in COMMANDS]
