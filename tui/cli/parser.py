"""The argument parser: every subcommand and option.

In parts: the parser's kind and the pieces commands are built of (:mod:`tui.cli.parser_format`),
and the families with subcommands of their own (:mod:`tui.cli.parser_families`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cases.i18n import LANGS, tr
from tui.cli.constants import EVENT_KINDS, PROG
from tui.cli.parser_families import (
    cred_commands, evidence_commands, group_commands, rules_commands, schedule_commands,
)
from tui.cli.parser_format import HelpFormatter, Parser, case_argument, letter_lang, switches


def _common_options(lang: str) -> argparse.ArgumentParser:
    """--db and --lang, accepted both before and after the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar=tr("cli.meta.path", lang), default=argparse.SUPPRESS,
                        help=tr("cli.help.db", lang))
    common.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=tr("cli.help.lang", lang))
    return common


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    t = lambda key, **kw: tr(key, lang, **kw)  # noqa: E731
    Parser.lang = lang
    common = _common_options(lang)
    fmt = HelpFormatter
    parser = Parser(
        prog=PROG, description=t("cli.description"), epilog=t("cli.epilog"), formatter_class=fmt, parents=[common]
    )
    parser.add_argument("-V", "--version", action=_VersionAction, nargs=0, help=t("cli.help.version"))
    sub = parser.add_subparsers(dest="command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                                parser_class=Parser)

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.description"),
            epilog=t(f"cli.{name}.epilog"), formatter_class=fmt, parents=[common],
        )

    p = command("demo")
    p.add_argument("--cases", metavar="N", help=t("cli.help.cases"))
    switches(p, t, ("--force", "cli.help.force"))

    p = command("add")
    p.add_argument("--platform", required=True, metavar=t("cli.meta.text"), help=t("cli.help.platform"))
    p.add_argument("--title", required=True, metavar=t("cli.meta.text"), help=t("cli.help.title"))
    p.add_argument("--category", metavar=t("cli.meta.category"), help=t("cli.help.category"))
    p.add_argument("--amount", metavar=t("cli.meta.yuan"), help=t("cli.help.amount"))
    p.add_argument("--order", metavar=t("cli.meta.number"), help=t("cli.help.order"))
    p.add_argument("--paid-with", metavar=t("cli.meta.text"), help=t("cli.help.paid_with"))
    p.add_argument("--payee", metavar=t("cli.meta.text"), help=t("cli.help.payee"))
    switches(p, t, ("--fraud", "cli.help.fraud"), ("--contract-denied", "cli.help.contract_denied"))
    _event_options(p, t, required_channel=False)
    _answer_options(p, t, set_help=t("cli.help.add_set"))
    p.add_argument("--request-id", metavar=t("cli.meta.key"), help=t("cli.help.request_id"))

    p = command("log")
    case_argument(p, t)
    _event_options(p, t, required_channel=True)
    p.add_argument("--kind", choices=EVENT_KINDS, help=t("cli.help.kind"))
    p.add_argument("--agent", metavar=t("cli.meta.text"), help=t("cli.help.agent"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.note"))
    _outcome_options(p, t, required=False)

    p = command("list")
    switches(p, t, ("--json", "cli.help.list_json"), ("--overdue", "cli.help.overdue"))
    p.add_argument("--due-within", metavar=t("cli.meta.duration"), help=t("cli.help.due_within"))
    p.add_argument("--channel", metavar="ID", help=t("cli.help.list_channel"))
    switches(p, t, ("--all", "cli.help.all"), ("--deleted", "cli.help.list_deleted"), ("--reveal", "cli.help.reveal"))

    p = command("show")
    case_argument(p, t)
    switches(p, t, ("--json", "cli.help.show_json"),
             ("--reveal", "cli.help.reveal"),
             ("--filed", "cli.help.show_filed"))

    p = command("stats")
    switches(p, t, ("--json", "cli.help.stats_json"))

    p = command("serve")
    p.add_argument("--host", default="127.0.0.1", metavar=t("cli.meta.host"), help=t("cli.help.host"))
    p.add_argument("--port", default="8000", metavar=t("cli.meta.port"), help=t("cli.help.port"))
    switches(p, t, ("--public", "cli.help.public"))

    p = command("completion")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="bash|zsh|fish", help=t("cli.help.shell"))

    p = command("escalate")
    case_argument(p, t)
    p.add_argument("--to", metavar="ID", help=t("cli.help.to"))
    _submission_options(p, t)
    _answer_options(p, t, set_help=t("cli.help.set"))

    p = command("urge")
    case_argument(p, t)
    _submission_options(p, t)

    schedule_commands(command("schedule"), t, common)
    rules_commands(command("rules"), t, common)

    p = command("close")
    case_argument(p, t)
    _outcome_options(p, t, required=True)
    p.add_argument("--channel", metavar="ID", help=t("cli.help.close_channel"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.close_note"))

    p = command("reopen")
    case_argument(p, t)
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.reopen_note"))

    p = command("assign")
    p.add_argument("cases", nargs="+", metavar=t("cli.meta.case"), help=t("cli.help.assign_cases"))
    p.add_argument("--to", required=True, metavar=t("cli.meta.name"), help=t("cli.help.assign_to"))

    p = command("today")
    p.add_argument("--user", metavar=t("cli.meta.name"), help=t("cli.help.today_user"))
    switches(p, t, ("--json", "cli.help.today_json"))

    p = command("delete")
    case_argument(p, t)
    switches(p, t, ("--yes", "cli.help.delete_yes"))

    p = command("undelete")
    case_argument(p, t)

    command("purge")

    p = command("share")
    p.add_argument("directory", metavar="DIR", help=t("cli.help.share_dir"))
    p.add_argument("--group", required=True, metavar=t("cli.meta.group"), help=t("cli.help.group"))

    p = command("config")
    switches(p, t, ("--json", "cli.help.json"), ("--keys", "cli.help.config_keys"))

    evidence_commands(command("evidence"), t, common)
    group_commands(command("group"), t, common)

    from tui.cli.cmd_export import EXPORT_FORMATS

    p = command("export")
    p.add_argument("case", nargs="?", metavar=t("cli.meta.case"), help=t("cli.help.export_case"))
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, metavar="|".join(EXPORT_FORMATS),
                   help=t("cli.help.export_format"))
    p.add_argument("--out", metavar=t("cli.meta.file"), help=t("cli.help.export_out"))
    p.add_argument("--alarm", metavar=t("cli.meta.duration"), help=t("cli.help.export_alarm"))
    switches(p, t, ("--reveal", "cli.help.export_reveal"), ("--all", "cli.help.export_all"))

    p = command("import")
    p.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.import_file"))
    switches(p, t, ("--replace", "cli.help.import_replace"), ("--yes", "cli.help.import_yes"))
    p = command("send")
    case_argument(p, t)
    p.add_argument("--to", metavar="ID", help=t("cli.send.help_to"))
    switches(p, t, ("--urge", "cli.send.help_urge"))
    p.add_argument("--via", metavar="MAILBOX", help=t("cli.send.help_via"))
    p.add_argument("--attach", metavar="N,N|all", help=t("cli.send.help_attach"))
    switches(p, t, ("--reveal", "cli.help.reveal_text"), ("--force", "cli.help.force_text"))
    letter_lang(p, t)
    _answer_options(p, t, set_help=t("cli.help.set"))

    p = command("notify")
    p.add_argument("--due-within", metavar=t("cli.meta.duration"), help=t("cli.notify.help_within"))
    p.add_argument("--robot", metavar="NAME", help=t("cli.notify.help_robot"))
    switches(p, t, ("--dry-run", "cli.notify.help_dry_run"))

    cred_commands(command("cred"), t, common)

    p = command("backup")
    p.add_argument("--keep", metavar="N", help=t("cli.help.backup_keep"))
    switches(p, t, ("--list", "cli.help.backup_list"))

    p = command("restore")
    p.add_argument("backup", metavar=t("cli.meta.backup"), help=t("cli.help.restore_backup"))
    switches(p, t, ("--yes", "cli.help.restore_yes"))

    p = command("doctor")
    switches(p, t, ("--repair", "cli.help.doctor_repair"))
    return parser


def _outcome_options(p: argparse.ArgumentParser, t: Callable[..., str], *, required: bool) -> None:
    """--outcome (ids from cases/data/statuses.json, or their names), --refunded, --on."""
    from cases.statuses import outcomes

    p.add_argument("--outcome", required=required, metavar="|".join(outcomes()), help=t("cli.help.outcome"))
    p.add_argument("--refunded", metavar=t("cli.meta.yuan"), help=t("cli.help.refunded"))
    p.add_argument("--on", metavar=t("cli.meta.date"), help=t("cli.help.refunded_on"))


def _submission_options(p: argparse.ArgumentParser, t: Callable[..., str]) -> None:
    switches(p, t, ("--reveal", "cli.help.reveal_text"), ("--record", "cli.help.record"))
    p.add_argument("--ticket", metavar=t("cli.meta.number"), help=t("cli.help.record_ticket"))
    switches(p, t, ("--force", "cli.help.force_text"))
    letter_lang(p, t)
    switches(p, t, ("--joint", "cli.help.joint"))


class _AnswerAction(argparse.Action):
    """``--set FIELD=VALUE`` and ``--set-from FILE`` into one list, in the order given:
    (the option, its value) pairs, read by :func:`tui.cli.answers.read_answers`."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        items = list(getattr(namespace, self.dest, None) or [])
        items.append((self.option_strings[0], values))
        setattr(namespace, self.dest, items)


def _answer_options(p: argparse.ArgumentParser, t: Callable[..., str], *, set_help: str) -> None:
    p.add_argument("--set", action=_AnswerAction, dest="answers", metavar="FIELD=VALUE", help=set_help)
    p.add_argument("--set-from", action=_AnswerAction, dest="answers", metavar=t("cli.meta.file"),
                   help=t("cli.help.set_from"))


def _event_options(p: argparse.ArgumentParser, t: Callable[..., str], *, required_channel: bool) -> None:
    p.add_argument("--channel", required=required_channel, metavar="ID", help=t("cli.help.channel"))
    p.add_argument("--submitted", "--at", dest="submitted", metavar=t("cli.meta.time"), help=t("cli.help.submitted"))
    p.add_argument("--deadline", metavar=t("cli.meta.deadline"), help=t("cli.help.deadline"))
    p.add_argument("--ticket", metavar=t("cli.meta.number"), help=t("cli.help.ticket"))


class _VersionAction(argparse.Action):
    """Like action="version", but reads the installed version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: object, values: object,
                 option_string: str | None = None) -> None:
        sys.stdout.write(_version() + "\n")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return f"{PROG} {version('tousu')}"
    except Exception:  # noqa: BLE001 - not installed: still answer
        return PROG
