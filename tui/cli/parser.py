"""The argument parser: every subcommand and option, help wrapped by display width, one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

from cases.i18n import LANGS, tr
from tui.cli.constants import EVENT_KINDS, EVIDENCE_KINDS, PROG
from tui.cli.errors import CliError


def _display_width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps option help by display width: a CJK character takes two columns."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import re

        lines: list[str] = []
        line, used = "", 0
        # Latin words (with their trailing punctuation) stay whole; CJK characters break anywhere.
        for token in re.findall(r"[A-Za-z0-9_./:<>=|,%()+\-\[\]~¥$'\"]+|\s+|.", " ".join(text.split())):
            w = _display_width(token)
            if token.isspace():
                if line and used + 1 <= width:
                    line, used = line + " ", used + 1
                continue
            if used + w > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + w
        if line.strip():
            lines.append(line.rstrip())
        return lines


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, raised instead of printed."""

    lang = "zh"

    def error(self, message: str) -> NoReturn:
        hint = tr("cli.error.see_help", self.lang, prog=self.prog)
        raise CliError(f"{message}{hint}")


def _common_options(lang: str) -> argparse.ArgumentParser:
    """--db and --lang, accepted both before and after the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar=tr("cli.meta.path", lang), default=argparse.SUPPRESS,
                        help=tr("cli.help.db", lang))
    common.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=tr("cli.help.lang", lang))
    return common


def no_arguments() -> argparse.Namespace:
    """What :func:`build_parser`'s parser makes of no arguments at all (``tousu``: the
    dashboard), without building it: its every subcommand, option and help text cost
    ~25 ms of the dashboard's start-up. tests/cli/test_no_arguments.py holds the two equal."""
    return argparse.Namespace(version=None, command=None)


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    t = lambda key, **kw: tr(key, lang, **kw)  # noqa: E731
    _Parser.lang = lang
    common = _common_options(lang)
    fmt = _HelpFormatter
    parser = _Parser(
        prog=PROG, description=t("cli.description"), epilog=t("cli.epilog"), formatter_class=fmt, parents=[common]
    )
    parser.add_argument("-V", "--version", action=_VersionAction, nargs=0, help=t("cli.help.version"))
    sub = parser.add_subparsers(dest="command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                                parser_class=_Parser)

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.description"),
            epilog=t(f"cli.{name}.epilog"), formatter_class=fmt, parents=[common],
        )

    p = command("demo")
    p.add_argument("--cases", metavar="N", help=t("cli.help.cases"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force"))

    p = command("add")
    p.add_argument("--platform", required=True, metavar=t("cli.meta.text"), help=t("cli.help.platform"))
    p.add_argument("--title", required=True, metavar=t("cli.meta.text"), help=t("cli.help.title"))
    p.add_argument("--category", metavar=t("cli.meta.category"), help=t("cli.help.category"))
    p.add_argument("--amount", metavar=t("cli.meta.yuan"), help=t("cli.help.amount"))
    p.add_argument("--order", metavar=t("cli.meta.number"), help=t("cli.help.order"))
    p.add_argument("--paid-with", metavar=t("cli.meta.text"), help=t("cli.help.paid_with"))
    p.add_argument("--payee", metavar=t("cli.meta.text"), help=t("cli.help.payee"))
    p.add_argument("--fraud", action="store_true", help=t("cli.help.fraud"))
    p.add_argument("--contract-denied", action="store_true", help=t("cli.help.contract_denied"))
    _event_options(p, t, required_channel=False)
    _answer_options(p, t, set_help=t("cli.help.add_set"))
    p.add_argument("--request-id", metavar=t("cli.meta.key"), help=t("cli.help.request_id"))

    p = command("log")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    _event_options(p, t, required_channel=True)
    p.add_argument("--kind", choices=EVENT_KINDS, help=t("cli.help.kind"))
    p.add_argument("--agent", metavar=t("cli.meta.text"), help=t("cli.help.agent"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.note"))
    _outcome_options(p, t, required=False)

    p = command("list")
    p.add_argument("--json", action="store_true", help=t("cli.help.list_json"))
    p.add_argument("--overdue", action="store_true", help=t("cli.help.overdue"))
    p.add_argument("--due-within", metavar=t("cli.meta.duration"), help=t("cli.help.due_within"))
    p.add_argument("--channel", metavar="ID", help=t("cli.help.list_channel"))
    p.add_argument("--all", action="store_true", help=t("cli.help.all"))
    p.add_argument("--deleted", action="store_true", help=t("cli.help.list_deleted"))
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))

    p = command("show")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--json", action="store_true", help=t("cli.help.show_json"))
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))
    p.add_argument("--filed", action="store_true", help=t("cli.help.show_filed"))

    p = command("stats")
    p.add_argument("--json", action="store_true", help=t("cli.help.stats_json"))

    p = command("serve")
    p.add_argument("--host", default="127.0.0.1", metavar=t("cli.meta.host"), help=t("cli.help.host"))
    p.add_argument("--port", default="8000", metavar=t("cli.meta.port"), help=t("cli.help.port"))
    p.add_argument("--public", action="store_true", help=t("cli.help.public"))

    p = command("completion")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="bash|zsh|fish", help=t("cli.help.shell"))

    p = command("escalate")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--to", metavar="ID", help=t("cli.help.to"))
    _submission_options(p, t)
    _answer_options(p, t, set_help=t("cli.help.set"))

    p = command("urge")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    _submission_options(p, t)

    p = command("schedule")
    steps = p.add_subparsers(dest="schedule_command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                             parser_class=_Parser, required=True)
    for name in ("add", "show"):
        q = steps.add_parser(
            name, help=t(f"cli.schedule.{name}.help"), description=t(f"cli.schedule.{name}.description"),
            epilog=t("cli.schedule.epilog"), formatter_class=fmt, parents=[common],
        )
        if name == "add":
            q.add_argument("file", metavar=t("cli.schedule.meta_file"), help=t("cli.schedule.help_file"))

    p = command("rules")
    steps = p.add_subparsers(dest="rules_command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                             parser_class=_Parser, required=True)
    for name, key in (("show", "show"), ("follow-up", "follow_up"), ("clock", "clock")):
        q = steps.add_parser(
            name, help=t(f"cli.rules.{key}.help"), description=t(f"cli.rules.{key}.description"),
            epilog=t("cli.rules.epilog"), formatter_class=fmt, parents=[common],
        )
        if name == "show":
            q.add_argument("--json", action="store_true", help=t("cli.rules.help_json"))
        if name == "clock":
            q.add_argument("platform", metavar=t("cli.rules.meta_platform"))
        if name != "show":
            q.add_argument("channel", metavar=t("cli.rules.meta_channel"))
        if name == "follow-up":
            q.add_argument("days", metavar=t("cli.rules.meta_days") + "|default")
        if name == "clock":
            q.add_argument("duration", metavar=t("cli.rules.meta_duration") + "|default")

    p = command("close")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    _outcome_options(p, t, required=True)
    p.add_argument("--channel", metavar="ID", help=t("cli.help.close_channel"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.close_note"))

    p = command("reopen")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.reopen_note"))

    p = command("assign")
    p.add_argument("cases", nargs="+", metavar=t("cli.meta.case"), help=t("cli.help.assign_cases"))
    p.add_argument("--to", required=True, metavar=t("cli.meta.name"), help=t("cli.help.assign_to"))

    p = command("today")
    p.add_argument("--user", metavar=t("cli.meta.name"), help=t("cli.help.today_user"))
    p.add_argument("--json", action="store_true", help=t("cli.help.today_json"))

    p = command("delete")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--yes", action="store_true", help=t("cli.help.delete_yes"))

    p = command("undelete")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))

    command("purge")

    p = command("share")
    p.add_argument("directory", metavar="DIR", help=t("cli.help.share_dir"))
    p.add_argument("--group", required=True, metavar=t("cli.meta.group"), help=t("cli.help.group"))

    p = command("config")
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    p.add_argument("--keys", action="store_true", help=t("cli.help.config_keys"))

    _evidence_commands(command("evidence"), t, common)
    _group_commands(command("group"), t, common)

    from tui.cli.cmd_export import EXPORT_FORMATS

    p = command("export")
    p.add_argument("case", nargs="?", metavar=t("cli.meta.case"), help=t("cli.help.export_case"))
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, metavar="|".join(EXPORT_FORMATS),
                   help=t("cli.help.export_format"))
    p.add_argument("--out", metavar=t("cli.meta.file"), help=t("cli.help.export_out"))
    p.add_argument("--alarm", metavar=t("cli.meta.duration"), help=t("cli.help.export_alarm"))
    p.add_argument("--reveal", action="store_true", help=t("cli.help.export_reveal"))
    p.add_argument("--all", action="store_true", help=t("cli.help.export_all"))

    p = command("import")
    p.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.import_file"))
    p.add_argument("--replace", action="store_true", help=t("cli.help.import_replace"))
    p.add_argument("--yes", action="store_true", help=t("cli.help.import_yes"))
    p = command("send")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--to", metavar="ID", help=t("cli.send.help_to"))
    p.add_argument("--urge", action="store_true", help=t("cli.send.help_urge"))
    p.add_argument("--via", metavar="MAILBOX", help=t("cli.send.help_via"))
    p.add_argument("--attach", metavar="N,N|all", help=t("cli.send.help_attach"))
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal_text"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force_text"))
    p.add_argument("--letter-lang", choices=("zh", "en"), default=None, metavar="zh|en", help=t("cli.help.letter_lang"))
    _answer_options(p, t, set_help=t("cli.help.set"))

    p = command("notify")
    p.add_argument("--due-within", metavar=t("cli.meta.duration"), help=t("cli.notify.help_within"))
    p.add_argument("--robot", metavar="NAME", help=t("cli.notify.help_robot"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.notify.help_dry_run"))

    _cred_commands(command("cred"), t, common)

    p = command("backup")
    p.add_argument("--keep", metavar="N", help=t("cli.help.backup_keep"))
    p.add_argument("--list", action="store_true", help=t("cli.help.backup_list"))

    p = command("restore")
    p.add_argument("backup", metavar=t("cli.meta.backup"), help=t("cli.help.restore_backup"))
    p.add_argument("--yes", action="store_true", help=t("cli.help.restore_yes"))

    p = command("doctor")
    p.add_argument("--repair", action="store_true", help=t("cli.help.doctor_repair"))
    return parser


def _outcome_options(p: argparse.ArgumentParser, t: Callable[..., str], *, required: bool) -> None:
    """--outcome (ids from cases/data/statuses.json, or their names), --refunded, --on."""
    from cases.statuses import outcomes

    p.add_argument("--outcome", required=required, metavar="|".join(outcomes()), help=t("cli.help.outcome"))
    p.add_argument("--refunded", metavar=t("cli.meta.yuan"), help=t("cli.help.refunded"))
    p.add_argument("--on", metavar=t("cli.meta.date"), help=t("cli.help.refunded_on"))


def _submission_options(p: argparse.ArgumentParser, t: Callable[..., str]) -> None:
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal_text"))
    p.add_argument("--record", action="store_true", help=t("cli.help.record"))
    p.add_argument("--ticket", metavar=t("cli.meta.number"), help=t("cli.help.record_ticket"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force_text"))
    p.add_argument("--letter-lang", choices=("zh", "en"), default=None, metavar="zh|en", help=t("cli.help.letter_lang"))
    p.add_argument("--joint", action="store_true", help=t("cli.help.joint"))


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


def _evidence_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu evidence add | list | verify``."""
    sub = p.add_subparsers(dest="evidence_command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                           parser_class=_Parser, required=True)

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=t(f"cli.evidence.{name}.help"), description=t(f"cli.evidence.{name}.description"),
            epilog=t(f"cli.evidence.{name}.epilog"), formatter_class=_HelpFormatter, parents=[common],
        )

    q = command("add")
    q.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    q.add_argument("files", nargs="+", metavar=t("cli.meta.file"), help=t("cli.help.evidence_files"))
    q.add_argument("--kind", required=True, choices=EVIDENCE_KINDS, metavar="|".join(EVIDENCE_KINDS),
                   help=t("cli.help.evidence_kind"))
    q.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.evidence_note"))

    q = command("list")
    q.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    q.add_argument("--json", action="store_true", help=t("cli.help.evidence_json"))
    q.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))

    q = command("verify")
    q.add_argument("case", nargs="?", metavar=t("cli.meta.case"), help=t("cli.help.evidence_verify_case"))
    q.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))


def _group_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu group create | show | import | export | set | assign | represent | decide | consent | letter``."""
    from cases.roster import DECISION_KINDS

    sub = p.add_subparsers(dest="group_command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                           parser_class=_Parser, required=True)

    def command(name: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=t(f"cli.group.{name}.help"), description=t(f"cli.group.{name}.help"),
                           epilog=t("cli.group.epilog"), formatter_class=_HelpFormatter, parents=[common])
        q.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.group_case"))
        return q

    command("create").add_argument("--name", metavar=t("cli.meta.text"), help=t("cli.help.group_name"))
    q = command("show")
    q.add_argument("--json", action="store_true", help=t("cli.help.group_json"))
    q.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))
    q = command("import")
    q.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.group_import_file"))
    q.add_argument("--dry-run", action="store_true", help=t("cli.help.group_dry_run"))
    q.add_argument("--map", action="append", metavar=t("cli.meta.column_map"), help=t("cli.help.group_map"))
    q = command("export")
    q.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.group_export_file"))
    q.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))
    q.add_argument("--force", action="store_true", help=t("cli.help.group_force"))
    q = command("set")
    q.add_argument("items", nargs="+", metavar=t("cli.meta.participants_values"), help=t("cli.help.group_set_values"))
    q = command("assign")
    q.add_argument("participants", nargs="+", metavar=t("cli.meta.participant"), help=t("cli.help.participant"))
    q.add_argument("--to", required=True, metavar=t("cli.meta.text"), help=t("cli.help.group_to"))
    q = command("represent")
    q.add_argument("participants", nargs="+", metavar=t("cli.meta.participant"), help=t("cli.help.participant"))
    q.add_argument("--remove", action="store_true", help=t("cli.help.group_remove_rep"))
    q = command("decide")
    q.add_argument("--kind", required=True, choices=DECISION_KINDS, metavar="|".join(DECISION_KINDS),
                   help=t("cli.help.group_kind"))
    q.add_argument("--text", required=True, metavar=t("cli.meta.text"), help=t("cli.help.group_text"))
    q = command("consent")
    q.add_argument("decision", metavar="D-N", help=t("cli.help.group_decision"))
    q.add_argument("participants", nargs="+", metavar=t("cli.meta.participant"), help=t("cli.help.participant"))
    q.add_argument("--withdraw", action="store_true", help=t("cli.help.group_withdraw"))
    q = command("letter")
    q.add_argument("--power-of-attorney", required=True, dest="power_of_attorney", metavar=t("cli.meta.participant"),
                   help=t("cli.help.group_poa"))
    q.add_argument("--agent", metavar=t("cli.meta.text"), help=t("cli.help.group_agent"))
    q.add_argument("--special", action="store_true", help=t("cli.help.group_special"))
    q.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))
    q.add_argument("--letter-lang", choices=("zh", "en"), default=None, metavar="zh|en", help=t("cli.help.letter_lang"))


def _cred_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu cred set | list | delete | test | backend``."""
    sub = p.add_subparsers(dest="cred_command", title=t("cli.commands"), metavar=t("cli.meta.command"),
                           parser_class=_Parser, required=True)

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=t(f"cli.cred.{name}.help"), description=t(f"cli.cred.{name}.description"),
            epilog=t("cli.cred.epilog"), formatter_class=_HelpFormatter, parents=[common],
        )

    def ref(q: argparse.ArgumentParser, *, optional: bool = False) -> None:
        nargs = "?" if optional else None
        q.add_argument("kind", nargs=nargs, metavar="account|smtp|robot", help=t("cli.cred.help_kind"))
        q.add_argument("service", nargs=nargs, metavar="SERVICE", help=t("cli.cred.help_service"))
        q.add_argument("user", nargs=nargs, metavar="USER", help=t("cli.cred.help_user"))

    q = command("set")
    ref(q)
    q.add_argument("--label", metavar=t("cli.meta.text"), help=t("cli.cred.help_label"))
    q.add_argument("--from", dest="sender", metavar="ADDRESS", help=t("cli.cred.help_from"))
    q = command("list")
    q.add_argument("--json", action="store_true", help=t("cli.cred.help_json"))
    ref(command("delete"))
    ref(command("test"), optional=True)
    q = command("backend")
    q.add_argument("name", nargs="?", metavar="system|cryptfile|pass|plaintext", help=t("cli.cred.help_backend"))


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
