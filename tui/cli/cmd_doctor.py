"""``tousu doctor [--repair]``: check the store (storage.doctor) and say what was found, in plain words.

Exit 0 when the store is healthy (after ``--repair``: when nothing is left), 1 when not.
A path without a store, or a file that is not a tousu store, is a finding (exit 1), and
nothing is created or written there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.constants import EXIT_CHANGED, EXIT_OK
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from storage.doctor import Finding, Report
    from tui.cli.context import Context


def cmd_doctor(ctx: Context) -> int:
    from storage import doctor
    from storage.paths import schedule_file_path

    path = ctx.checked_store_path()
    _write_line(ctx.t("cli.doctor.checking", path=str(path)))
    if not ctx.args.repair:
        report = doctor.check(path, ctx.clock, schedule_file_path())
        _print_findings(ctx, report)
        return _verdict(ctx, report)
    repaired = doctor.repair(path, ctx.clock, ctx.now, schedule_file_path())
    if repaired.backup is not None:
        _write_line(ctx.t("cli.doctor.backup", path=str(repaired.backup.path)))
    for finding in repaired.done:
        _write_line(ctx.t("cli.doctor.repaired", what=_text(ctx, finding)))
    for finding in repaired.failed:
        _write_line(ctx.t("cli.doctor.not_repaired", what=_text(ctx, finding)))
    if not repaired.done and not repaired.failed and not repaired.after.healthy:
        _write_line(ctx.t("cli.doctor.nothing_safe"))
    _print_findings(ctx, repaired.after)
    return _verdict(ctx, repaired.after)


def _print_findings(ctx: Context, report: Report) -> None:
    for finding in report.findings:
        _write_line(ctx.t("cli.doctor.finding", what=_text(ctx, finding)))
        if finding.repair is not None and not ctx.args.repair:
            _write_line(ctx.t("cli.doctor.can_repair"))


def _text(ctx: Context, finding: Finding) -> str:
    values = dict(finding.values)
    if finding.error is not None:
        values["message"] = finding.error.message(ctx.lang)
    return ctx.t(f"cli.doctor.found.{finding.key}", **values)


def _verdict(ctx: Context, report: Report) -> int:
    if report.healthy:
        counts = report.counts
        _write_line(ctx.t("cli.doctor.healthy", cases=counts.get("cases", 0), groups=counts.get("groups", 0),
                          participants=counts.get("participants", 0)))
        return EXIT_OK
    _write_line(ctx.t("cli.doctor.unhealthy", count=len(report.findings)))
    return EXIT_CHANGED
