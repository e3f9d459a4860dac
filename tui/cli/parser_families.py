"""The command families with subcommands of their own: ``tousu evidence``, ``group``, ``cred``,
``schedule`` and ``rules``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tui.cli.constants import EVIDENCE_KINDS
from tui.cli.parser_format import case_argument, command_family, letter_lang, switches


def evidence_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu evidence add | list | verify``."""
    command = command_family(p, t, common, "evidence_command")

    q = command("cli.evidence.add")
    case_argument(q, t)
    q.add_argument("files", nargs="+", metavar=t("cli.meta.file"), help=t("cli.help.evidence_files"))
    q.add_argument("--kind", required=True, choices=EVIDENCE_KINDS, metavar="|".join(EVIDENCE_KINDS),
                   help=t("cli.help.evidence_kind"))
    q.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.evidence_note"))

    q = command("cli.evidence.list")
    case_argument(q, t)
    switches(q, t, ("--json", "cli.help.evidence_json"), ("--reveal", "cli.help.reveal"))

    q = command("cli.evidence.verify")
    q.add_argument("case", nargs="?", metavar=t("cli.meta.case"), help=t("cli.help.evidence_verify_case"))
    switches(q, t, ("--reveal", "cli.help.reveal"))


def group_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu group create | show | import | export | set | assign | represent | decide | consent | letter``."""
    from cases.roster import DECISION_KINDS

    add = command_family(p, t, common, "group_command")

    def command(name: str) -> argparse.ArgumentParser:
        q = add(f"cli.group.{name}", description=f"cli.group.{name}.help", epilog="cli.group.epilog")
        q.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.group_case"))
        return q

    def participants(q: argparse.ArgumentParser) -> None:
        q.add_argument("participants", nargs="+", metavar=t("cli.meta.participant"), help=t("cli.help.participant"))

    command("create").add_argument("--name", metavar=t("cli.meta.text"), help=t("cli.help.group_name"))
    switches(command("show"), t, ("--json", "cli.help.group_json"), ("--reveal", "cli.help.reveal"))
    q = command("import")
    q.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.group_import_file"))
    switches(q, t, ("--dry-run", "cli.help.group_dry_run"))
    q.add_argument("--map", action="append", metavar=t("cli.meta.column_map"), help=t("cli.help.group_map"))
    q = command("export")
    q.add_argument("file", metavar=t("cli.meta.file"), help=t("cli.help.group_export_file"))
    switches(q, t, ("--reveal", "cli.help.reveal"), ("--force", "cli.help.group_force"))
    q = command("set")
    q.add_argument("items", nargs="+", metavar=t("cli.meta.participants_values"), help=t("cli.help.group_set_values"))
    q = command("assign")
    participants(q)
    q.add_argument("--to", required=True, metavar=t("cli.meta.text"), help=t("cli.help.group_to"))
    q = command("represent")
    participants(q)
    switches(q, t, ("--remove", "cli.help.group_remove_rep"))
    q = command("decide")
    q.add_argument("--kind", required=True, choices=DECISION_KINDS, metavar="|".join(DECISION_KINDS),
                   help=t("cli.help.group_kind"))
    q.add_argument("--text", required=True, metavar=t("cli.meta.text"), help=t("cli.help.group_text"))
    q = command("consent")
    q.add_argument("decision", metavar="D-N", help=t("cli.help.group_decision"))
    participants(q)
    switches(q, t, ("--withdraw", "cli.help.group_withdraw"))
    q = command("letter")
    q.add_argument("--power-of-attorney", required=True, dest="power_of_attorney", metavar=t("cli.meta.participant"),
                   help=t("cli.help.group_poa"))
    q.add_argument("--agent", metavar=t("cli.meta.text"), help=t("cli.help.group_agent"))
    switches(q, t, ("--special", "cli.help.group_special"), ("--reveal", "cli.help.reveal"))
    letter_lang(q, t)


def cred_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu cred set | list | delete | test | backend``."""
    add = command_family(p, t, common, "cred_command")

    def command(name: str) -> argparse.ArgumentParser:
        return add(f"cli.cred.{name}", epilog="cli.cred.epilog")

    def ref(q: argparse.ArgumentParser, *, optional: bool = False) -> None:
        nargs = "?" if optional else None
        q.add_argument("kind", nargs=nargs, metavar="account|smtp|robot", help=t("cli.cred.help_kind"))
        q.add_argument("service", nargs=nargs, metavar="SERVICE", help=t("cli.cred.help_service"))
        q.add_argument("user", nargs=nargs, metavar="USER", help=t("cli.cred.help_user"))

    q = command("set")
    ref(q)
    q.add_argument("--label", metavar=t("cli.meta.text"), help=t("cli.cred.help_label"))
    q.add_argument("--from", dest="sender", metavar="ADDRESS", help=t("cli.cred.help_from"))
    switches(command("list"), t, ("--json", "cli.cred.help_json"))
    ref(command("delete"))
    ref(command("test"), optional=True)
    q = command("backend")
    q.add_argument("name", nargs="?", metavar="system|cryptfile|pass|plaintext", help=t("cli.cred.help_backend"))



def schedule_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu schedule add | show``."""
    command = command_family(p, t, common, "schedule_command")
    q = command("cli.schedule.add", epilog="cli.schedule.epilog")
    q.add_argument("file", metavar=t("cli.schedule.meta_file"), help=t("cli.schedule.help_file"))
    command("cli.schedule.show", epilog="cli.schedule.epilog")


def rules_commands(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser) -> None:
    """``tousu rules show | follow-up | clock``."""
    add = command_family(p, t, common, "rules_command")

    def command(name: str) -> argparse.ArgumentParser:
        return add(f"cli.rules.{name.replace('-', '_')}", name=name, epilog="cli.rules.epilog")

    switches(command("show"), t, ("--json", "cli.rules.help_json"))
    q = command("follow-up")
    q.add_argument("channel", metavar=t("cli.rules.meta_channel"))
    q.add_argument("days", metavar=t("cli.rules.meta_days") + "|default")
    q = command("clock")
    q.add_argument("platform", metavar=t("cli.rules.meta_platform"))
    q.add_argument("channel", metavar=t("cli.rules.meta_channel"))
    q.add_argument("duration", metavar=t("cli.rules.meta_duration") + "|default")
