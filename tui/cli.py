"""The ``tousu`` command line: open the dashboard, or add, log, list and show cases.

Every message comes from the ``cli.*`` keys of the catalogues (cases.i18n):
Simplified Chinese by default, English with ``--lang en`` or ``TOUSU_LANG=en``.

Speed matters (scripts call ``tousu add`` / ``tousu log`` in loops, and
``tousu list --json`` feeds other tools), so this module imports only argparse
and the i18n catalogue at the top; arrow, the store, the deadline rules and rich
are imported by the commands that need them, and Textual only when the
dashboard opens. One-line results (an id, a confirmation) are written straight
to stdout; tables and the case view go through rich, built from ``Text``
objects (never markup with user data in it); ``--json`` is ``json.dumps``.

Decisions:

- ``tousu log`` records a *submission* when ``--channel`` differs from the
  case's current channel, else a *contact*; ``--kind`` sets any event kind.
- ``--deadline`` (add/log) is resolved against ``--submitted`` (default: now);
  the absolute instant goes to ``Event.deadline``, the text as typed to
  ``Event.promised``. Without it the channel's clock applies.
- ``tousu demo`` writes ids K-0001… itself and replaces the store's content
  (``Store.replace_all``), which is why a non-empty store needs ``--force``.
- ``TOUSU_NOW`` (an ISO instant) pins the clock; otherwise the system clock.
- Personal data in ``show`` and in ``list`` titles is masked unless ``--reveal``.
- ``tousu escalate`` / ``tousu urge`` print the submission text (cases.escalation)
  to stdout and the pre-flight findings to stderr, one per line; when a finding
  blocks, the text is not printed and the exit status is 3 (``--force`` prints
  it anyway). ``--set FIELD=VALUE`` answers a finding's question and saves it to
  the case; ``--record`` appends the filing (or urge) to the timeline after
  printing, so the channel's clock starts now.

Errors end the process with ONE line on stderr and exit status 2 (a bug too,
unless ``TOUSU_DEBUG`` is set); a closed pipe (``tousu list | head``) is not an error.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, NoReturn

from cases.i18n import normalise_lang, set_lang, tr

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    import arrow

    from cases.clock import Clock
    from cases.deadlines import Deadline
    from cases.model import Case
    from cases.workdays import WorkCalendar

PROG = "tousu"
ENV_NOW = "TOUSU_NOW"
ENV_LANG = "TOUSU_LANG"
EXIT_OK = 0
EXIT_ERROR = 2
EVENT_KINDS = ("submitted", "accepted", "contact", "urged", "result", "note")


class CliError(Exception):
    """A user-facing error: its message is printed as one line, exit status 2."""


# ----------------------------------------------------------------------- language


def _lang_from_argv(argv: Sequence[str], env: dict[str, str] | os._Environ[str]) -> str:
    """``--lang`` anywhere on the command line, else ``TOUSU_LANG``, else Chinese.

    Read before parsing, so the help and the parser's own errors are already
    in the right language.
    """
    value: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    if value is None:
        value = env.get(ENV_LANG)
    return normalise_lang(value)


#: argparse's own English strings → our catalogue keys (only Chinese needs them).
_ARGPARSE_KEYS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
}


@contextmanager
def _argparse_language(lang: str) -> Iterator[None]:
    """Translate argparse's built-in strings while parsing (restored afterwards)."""
    if lang == "en":
        yield
        return
    original_gettext = argparse._  # type: ignore[attr-defined]
    original_ngettext = argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        key = _ARGPARSE_KEYS.get(message)
        return tr(key, lang) if key else original_gettext(message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return tr("cli.argparse.expected_n", lang)
        return original_ngettext(singular, plural, n)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original_gettext  # type: ignore[attr-defined]
        argparse.ngettext = original_ngettext  # type: ignore[attr-defined]


# ------------------------------------------------------------------------- parser


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
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=tr("cli.help.lang", lang))
    return common


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
    _event_options(p, t, required_channel=False)

    p = command("log")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    _event_options(p, t, required_channel=True)
    p.add_argument("--kind", choices=EVENT_KINDS, help=t("cli.help.kind"))
    p.add_argument("--agent", metavar=t("cli.meta.text"), help=t("cli.help.agent"))
    p.add_argument("--note", metavar=t("cli.meta.text"), help=t("cli.help.note"))

    p = command("list")
    p.add_argument("--json", action="store_true", help=t("cli.help.list_json"))
    p.add_argument("--overdue", action="store_true", help=t("cli.help.overdue"))
    p.add_argument("--due-within", metavar=t("cli.meta.duration"), help=t("cli.help.due_within"))
    p.add_argument("--channel", metavar="ID", help=t("cli.help.list_channel"))
    p.add_argument("--all", action="store_true", help=t("cli.help.all"))

    p = command("show")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--json", action="store_true", help=t("cli.help.show_json"))
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal"))

    p = command("escalate")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    p.add_argument("--to", metavar="ID", help=t("cli.help.to"))
    _submission_options(p, t)
    p.add_argument("--set", action="append", dest="answers", metavar="FIELD=VALUE", help=t("cli.help.set"))

    p = command("urge")
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))
    _submission_options(p, t)
    return parser


def _submission_options(p: argparse.ArgumentParser, t: Callable[..., str]) -> None:
    p.add_argument("--reveal", action="store_true", help=t("cli.help.reveal_text"))
    p.add_argument("--record", action="store_true", help=t("cli.help.record"))
    p.add_argument("--ticket", metavar=t("cli.meta.number"), help=t("cli.help.record_ticket"))
    p.add_argument("--force", action="store_true", help=t("cli.help.force_text"))


def _event_options(p: argparse.ArgumentParser, t: Callable[..., str], *, required_channel: bool) -> None:
    p.add_argument("--channel", required=required_channel, metavar="ID", help=t("cli.help.channel"))
    p.add_argument("--submitted", "--at", dest="submitted", metavar="ISO", help=t("cli.help.submitted"))
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


# ------------------------------------------------------------------- shared bits


class Context:
    """What every command needs: language, clock, store path; the rest on demand."""

    def __init__(self, args: argparse.Namespace, lang: str, env: dict[str, str] | os._Environ[str]) -> None:
        self.args = args
        self.lang = lang
        self.env = env
        self.clock = _make_clock(env, lang)
        from storage.paths import resolve_store_path

        self.store_path = resolve_store_path(getattr(args, "db", None), env)
        self._calendar: WorkCalendar | None = None
        self._now: arrow.Arrow | None = None

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    @property
    def now(self) -> arrow.Arrow:
        if self._now is None:  # one instant for the whole command
            self._now = self.clock.now()
        return self._now

    @property
    def now_ts(self) -> float:
        """``now`` as a POSIX timestamp (computed once: it is asked per row)."""
        now_ts = getattr(self, "_now_ts", None)
        if now_ts is None:
            now_ts = self._now_ts = self.now.timestamp()
        return now_ts

    @property
    def today(self) -> date:
        """The current date in Asia/Shanghai (computed once: it is asked per row)."""
        today = getattr(self, "_today", None)
        if today is None:
            from cases.clock import TZ

            today = self._today = self.now.to(TZ).date()
        return today

    @property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar, with the user's schedule file if there is one."""
        if self._calendar is None:
            from cases.workdays import WorkCalendar
            from storage.calendar_cache import load_calendar_cache
            from storage.paths import schedule_file_path

            load_calendar_cache()
            path = schedule_file_path()
            self._calendar = WorkCalendar(path if path.exists() else None)
        return self._calendar

    def open_store(self):
        from storage.store import Store

        return Store.open(self.store_path, self.clock, calendar=self.calendar)


def _make_clock(env: dict[str, str] | os._Environ[str], lang: str) -> Clock:
    from cases.clock import FixedClock, SystemClock

    pinned = (env.get(ENV_NOW) or "").strip()
    if not pinned:
        return SystemClock()
    try:
        return FixedClock(pinned)
    except ValueError:
        raise CliError(tr("cli.error.bad_now", lang, value=_shown(pinned))) from None


def _shown(text: str) -> str:
    """User text quoted in a one-line message: cleaned and shortened."""
    from cases.sanitize import clean_text

    text = clean_text(str(text))
    return text if len(text) <= 60 else text[:57] + "…"


def _clean(text: str | None, *, multiline: bool = False) -> str:
    from cases.sanitize import clean_text

    return clean_text(text or "", multiline=multiline).strip()


def _channel(ctx: Context, channel_id: str):
    from cases.channels import UnknownChannel, channel, ladder

    try:
        return channel(channel_id.strip())
    except UnknownChannel:
        raise CliError(
            ctx.t("cli.error.unknown_channel", value=_shown(channel_id), known=", ".join(ladder()))
        ) from None


def _instant(ctx: Context, text: str, option: str) -> arrow.Arrow:
    from cases.clock import parse_instant

    try:
        at = parse_instant(text)
    except ValueError:
        raise CliError(ctx.t("cli.error.bad_time", option=option, value=_shown(text))) from None
    if at > ctx.now.shift(minutes=5):
        raise CliError(ctx.t("cli.error.future_time", option=option, value=_shown(text)))
    return at


def _resolve_deadline(ctx: Context, text: str, since: arrow.Arrow) -> tuple[str, str]:
    """``--deadline`` → (absolute ISO instant, the raw text as typed)."""
    from cases.clock import to_iso
    from cases.deadlines import resolve_deadline

    raw = _clean(text)
    resolved = resolve_deadline(raw, since, ctx.calendar, ctx.lang)  # DurationError: a ValueError
    if resolved.at < since:
        raise CliError(ctx.t("cli.error.deadline_before", value=_shown(raw)))
    return to_iso(resolved.at), raw


def _case_id(ctx: Context, text: str) -> str:
    from cases.ids import parse_case_id

    return parse_case_id(text, ctx.lang)  # ValueError with a message in ctx.lang


def _write_line(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _console(width: int | None = None):
    from rich.console import Console

    if width is None and not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        width = 160  # piped or redirected: wide lines rather than wrapped ones
    console = Console(file=sys.stdout, highlight=False, markup=False, emoji=False, width=width)
    console.on_broken_pipe = _on_broken_pipe  # type: ignore[method-assign]
    return console


def _on_broken_pipe() -> None:
    """rich's default exits with status 1; `tousu list | head` is not an error."""
    _silence_stdout()
    raise BrokenPipeError


# ------------------------------------------------------------------ the commands


def cmd_dashboard(ctx: Context) -> int:
    from tui.app import run_dashboard  # Textual is imported here and nowhere else in the CLI

    return run_dashboard(ctx.store_path, ctx.clock, ctx.lang, ctx.calendar)


def cmd_demo(ctx: Context) -> int:
    from cases.demo import build_demo

    args = ctx.args
    n_cases: int | None = None
    if args.cases is not None:
        try:
            n_cases = int(args.cases.strip())
        except ValueError:
            n_cases = -1
        if n_cases < 1:
            raise CliError(ctx.t("cli.error.bad_count", value=_shown(args.cases)))
    store = ctx.open_store()
    try:
        if not store.is_empty() and not args.force:
            count = len(store.summaries())
            raise CliError(ctx.t("cli.demo.not_empty", path=_clean(str(ctx.store_path)), count=count))
        cases, groups = build_demo(ctx.now, n_cases)
        store.replace_all(cases, groups)
    finally:
        store.close()
    participants = sum(len(g.participants) for g in groups)
    events = sum(len(c.timeline) for c in cases)
    _write_line(ctx.t("cli.demo.done", path=_clean(str(ctx.store_path)), cases=len(cases), events=events,
                      groups=len(groups), participants=participants))
    _write_line(ctx.t("cli.demo.next", db=_clean(str(ctx.store_path))))
    return EXIT_OK


def _new_event(ctx: Context, kind: str, channel_id: str) -> Any:
    """An event from --channel/--submitted/--deadline/--ticket (and --agent/--note for log)."""
    from cases.clock import to_iso
    from cases.model import Event

    args = ctx.args
    ch = _channel(ctx, channel_id)
    at = _instant(ctx, args.submitted, "--submitted") if args.submitted else ctx.now
    event = Event(kind=kind, channel=ch.id, at=to_iso(at), ticket=_clean(args.ticket))
    if args.deadline:
        event.deadline, event.promised = _resolve_deadline(ctx, args.deadline, at)
    return event


def cmd_add(ctx: Context) -> int:
    from cases.clock import to_iso
    from cases.model import Case, EventKind, Order, parse_amount

    args = ctx.args
    title, platform = _clean(args.title), _clean(args.platform)
    if not title:
        raise CliError(ctx.t("cli.error.empty", option="--title"))
    if not platform:
        raise CliError(ctx.t("cli.error.empty", option="--platform"))
    if not args.channel:
        for option in ("submitted", "deadline", "ticket"):
            if getattr(args, option):
                raise CliError(ctx.t("cli.error.needs_channel", option=f"--{option}"))
    case = Case(title=title, platform=platform, created=to_iso(ctx.now), updated=to_iso(ctx.now))
    if args.category:
        from cases.categories import categories, find_category

        found = find_category(_clean(args.category))
        if found is None:
            raise CliError(ctx.t("cli.error.unknown_category", value=_shown(args.category),
                                 known=", ".join(categories())))
        case.category = found.id
    if args.amount is not None or args.order or args.paid_with:
        try:
            amount = parse_amount(_clean(args.amount) if args.amount is not None else "0")
        except ValueError:
            raise CliError(ctx.t("cli.error.bad_amount", value=_shown(args.amount))) from None
        case.orders.append(Order(number=_clean(args.order), amount=amount, payment_channel=_clean(args.paid_with)))
    if args.channel:
        case.add_event(_new_event(ctx, EventKind.SUBMITTED.value, args.channel))
    store = ctx.open_store()
    try:
        saved = store.add_case(case)
    finally:
        store.close()
    _write_line(saved.id)
    return EXIT_OK


def cmd_log(ctx: Context) -> int:
    from cases.model import EventKind

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    ch = _channel(ctx, args.channel)
    note = _clean(args.note, multiline=True)
    agent = _clean(args.agent)
    if args.kind == EventKind.NOTE.value and args.deadline:
        raise CliError(ctx.t("cli.error.note_deadline"))
    event = _new_event(ctx, args.kind or "", ch.id)  # everything checked before the store is opened
    event.said, event.agent = note, agent

    def append(case: Case) -> Case:
        if not event.kind:  # a new channel: a filing; the same channel: an exchange
            same = case.current_channel == ch.id
            event.kind = EventKind.CONTACT.value if same else EventKind.SUBMITTED.value
        case.add_event(event)
        return case

    store = ctx.open_store()
    try:
        updated = store.update_case(case_id, append)
    finally:
        store.close()
    kind = event.kind
    from cases.countdown import format_countdown
    from cases.deadlines import case_deadline

    deadline = case_deadline(updated, ctx.calendar)
    line = ctx.t("cli.log.done", id=updated.id, kind=ctx.t(f"cli.kind.{kind}"), channel=ch.name(ctx.lang))
    if deadline is not None:
        line += ctx.t("cli.log.deadline", at=_local(deadline.at, deadline.estimated, ctx),
                      countdown=format_countdown(deadline, ctx.now, ctx.lang, ctx.calendar))
    _write_line(line)
    return EXIT_OK


def _local(at: arrow.Arrow, estimated: bool, ctx: Context) -> str:
    from cases.clock import TZ

    text = at.to(TZ).format("YYYY-MM-DD HH:mm")
    return (ctx.t("cli.estimated_mark") + text) if estimated else text


def _summary_rows(store: Any, *, include_closed: bool) -> list[dict[str, Any]]:
    """The summaries ``list`` shows, as the store keeps them (one per case, deadline
    precomputed): read without touching the case documents, and without even
    building objects — ~0.1 s for 10,000 cases instead of ~1.5 s to load them."""
    from cases.model import Status

    closed = {s.value for s in Status if s.closed}
    return [d for d in store.summary_docs() if include_closed or d["status"] not in closed]


_LONG_NUMBER = None


def _masked_title(title: str) -> str:
    """mask_text only where a title holds a long run of digits (phone, ID, card)."""
    global _LONG_NUMBER
    if _LONG_NUMBER is None:
        import re

        _LONG_NUMBER = re.compile(r"\d[\d \-]{9,}\d")
    if not _LONG_NUMBER.search(title):
        return title
    from cases.privacy import mask_text

    return mask_text(title)


def _item(ctx: Context, s: dict[str, Any], *, countdown: bool = True) -> dict[str, Any]:
    """The JSON summary of a case (list --json; the computed part of show --json),
    from a stored summary dictionary (``CaseSummary.to_dict`` form)."""
    return _items(ctx, [s], countdown=countdown)[0]


def _items(ctx: Context, docs: list[dict[str, Any]], *, countdown: bool = True) -> list[dict[str, Any]]:
    """:func:`_item` for many summaries; the lookups are hoisted out of the loop,
    which is run ten thousand times by ``tousu list --json``."""
    from cases.channels import ladder
    from cases.countdown import urgency_for
    from cases.summary import countdown_from

    now_ts, today, lang, calendar = ctx.now_ts, ctx.today, ctx.lang, ctx.calendar
    channels = {cid: (ch.name(lang), ch.tier) for cid, ch in ladder().items()}
    floor = math.floor
    out = []
    for s in docs:
        channel = s["channel"]
        name, tier = channels.get(channel, (channel or None, None))
        deadline_ts = s["deadline_ts"]
        left = None if deadline_ts is None else floor(deadline_ts - now_ts)
        item = {
            "id": s["id"],
            "title": _masked_title(s["title"]),
            "platform": s["platform"],
            "category": s["category"],
            "status": s["status"],
            "channel": channel or None,
            "channel_name": name,
            "tier": tier,
            "ticket": s["ticket"] or None,
            "deadline": s["deadline"],
            "deadline_kind": s["deadline_kind"] or None,
            "deadline_estimated": s["deadline_estimated"],
            "deadline_working_days": s["deadline_working_days"],
            "deadline_basis": s["deadline_basis"] or None,
            "remaining_seconds": left,
            "urgency": urgency_for(left).value,
            "amount": s["amount"],
            "group_id": s["group_id"] or None,
            "updated": s["updated"] or None,
        }
        if countdown:
            item["countdown"] = countdown_from(s["deadline"], deadline_ts, s["deadline_working_days"],
                                               s["deadline_estimated"], s["deadline_kind"], now_ts, today,
                                               lang, calendar)
        out.append(item)
    return out


def cmd_list(ctx: Context) -> int:
    from cases.urgency import summary_doc_key

    args = ctx.args
    channel_filter = _channel(ctx, args.channel).id if args.channel else None
    cutoff = None
    if args.due_within:
        from cases.deadlines import resolve_deadline

        # A duration from now ("48h", "3个工作日"), or an instant ("2026-06-20": by the end of that day).
        cutoff = resolve_deadline(_clean(args.due_within), ctx.now, ctx.calendar, ctx.lang).at.timestamp()
    store = ctx.open_store()
    try:
        rows = _summary_rows(store, include_closed=args.all)
    finally:
        store.close()
    now_ts = ctx.now.timestamp()
    if channel_filter:
        rows = [s for s in rows if s["channel"] == channel_filter]
    if args.overdue:
        rows = [s for s in rows if s["deadline_ts"] is not None and s["deadline_ts"] - now_ts < 0]
    if cutoff is not None:
        rows = [s for s in rows if s["deadline_ts"] is not None and s["deadline_ts"] <= cutoff]
    rows.sort(key=summary_doc_key)
    if args.json:
        from storage.codec import dumps  # orjson when installed: 10k items in ~15 ms instead of ~100

        sys.stdout.flush()
        sys.stdout.buffer.write(dumps(_items(ctx, rows), bulk=True) + b"\n")
        sys.stdout.buffer.flush()
        return EXIT_OK
    _print_list(ctx, rows)
    return EXIT_OK


_URGENCY_STYLE = {"overdue": "bold red", "soon": "yellow", "later": "", "none": "dim"}


def _print_list(ctx: Context, pairs: list[dict[str, Any]]) -> None:
    """The table, laid out by hand: rich's Table takes seconds for thousands of rows.

    Every column keeps its natural width (capped); the title takes what the
    terminal has left, at least 10 cells, and is cut with an ellipsis. On a
    terminal too narrow even for that, lines are longer than the terminal
    rather than columns being squeezed away.
    """
    from rich.cells import cell_len
    from rich.text import Text

    console = _console()
    if not pairs:
        console.print(Text(ctx.t("cli.list.empty")))
        return
    keys = ("id", "platform", "title", "channel", "ticket", "deadline", "countdown")
    caps = {"platform": 12, "channel": 26, "ticket": 20, "title": 48}
    counts = {"overdue": 0, "soon": 0}
    rows: list[tuple[tuple[str, str], ...]] = []
    from cases.summary import CaseSummary

    for doc in pairs:
        summary = CaseSummary.from_dict(doc)
        item = _item(ctx, doc)
        urgency = item["urgency"]
        if urgency in counts:
            counts[urgency] += 1
        deadline = summary.to_deadline()
        rows.append((
            (summary.id, ""),
            (summary.platform, ""),
            (item["title"], "dim" if summary.closed else ""),
            (item["channel_name"] or "—", ""),
            (item["ticket"] or "—", ""),
            (_local(deadline.at, deadline.estimated, ctx) if deadline else "—", ""),
            (item["countdown"], _URGENCY_STYLE[urgency]),
        ))
    headers = tuple((ctx.t(f"cli.col.{key}"), "bold") for key in keys)
    widths = []
    for index, key in enumerate(keys):
        natural = max(cell_len(headers[index][0]), *(cell_len(row[index][0]) for row in rows))
        widths.append(min(natural, caps.get(key, 40)))
    title = keys.index("title")
    fixed = sum(widths) - widths[title] + 2 * (len(keys) - 1)
    widths[title] = max(10, min(widths[title], console.width - fixed))

    out = Text(no_wrap=True, overflow="ignore")
    for row in (headers, *rows):
        for index, (plain, style) in enumerate(row):
            cell = Text(plain, style=style)
            if index < len(keys) - 1:
                cell.truncate(widths[index], overflow="ellipsis", pad=True)
                cell.append("  ")
            elif cell_len(plain) > widths[index]:
                cell.truncate(widths[index], overflow="ellipsis")
            out.append_text(cell)
        out.append("\n")
    out.append(ctx.t("cli.list.footer", shown=len(pairs), overdue=counts["overdue"], soon=counts["soon"]), style="dim")
    console.print(out, soft_wrap=True)


def _masked_dict(case: Case, reveal: bool) -> dict[str, Any]:
    from cases.privacy import mask_text, masked_complainant

    data = case.to_dict()
    if reveal:
        return data
    data["complainant"] = masked_complainant(case.complainant).to_dict()
    data["title"] = mask_text(data["title"])
    data["notes"] = mask_text(data["notes"])
    data["demands"] = {k: mask_text(v) for k, v in data["demands"].items()}
    for event in data["timeline"]:
        event["said"] = mask_text(event["said"])
    return data


def _masked_for_checklist(case: Case) -> Case:
    """A copy whose free text (evidence labels, promises) is masked; tickets and order numbers stay."""
    from dataclasses import replace

    from cases.privacy import mask_text

    return replace(
        case,
        evidence=[replace(item, label=mask_text(item.label), path=mask_text(item.path)) for item in case.evidence],
        timeline=[replace(ev, promised=mask_text(ev.promised), said=mask_text(ev.said)) for ev in case.timeline],
    )


def cmd_show(ctx: Context) -> int:
    from cases.deadlines import case_deadline
    from cases.evidence import checklist
    from cases.summary import summarize

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        group = store.group_of(case)
    finally:
        store.close()
    deadline = case_deadline(case, ctx.calendar)
    checks = checklist(case if args.reveal else _masked_for_checklist(case), ctx.lang)
    if args.json:
        import json

        data = _masked_dict(case, args.reveal)
        summary = _item(ctx, summarize(case, ctx.calendar).to_dict())
        for key in ("title", "platform", "category", "status", "group_id", "updated", "id"):
            summary.pop(key)
        data.update(summary)
        data["group_name"] = group.name if group else None
        data["evidence_checklist"] = [
            {"kind": c.kind, "title": c.title, "present": c.present, "missing": c.missing} for c in checks
        ]
        data["masked"] = not args.reveal
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return EXIT_OK
    _print_case(ctx, case, deadline, checks, group, reveal=args.reveal)
    return EXIT_OK


def _print_case(ctx: Context, case: Case, deadline: Deadline | None, checks: list, group: Any, *,
                reveal: bool) -> None:  # noqa: PLR0915 - one screen of fields
    from rich.table import Table
    from rich.text import Text

    from cases.categories import categories, group_name
    from cases.channels import UnknownChannel, channel
    from cases.privacy import mask_text, masked_complainant

    t = ctx.t
    mask = (lambda s: s) if reveal else mask_text
    console = _console()
    from cases.summary import summarize

    item = _item(ctx, summarize(case, ctx.calendar).to_dict())

    def field(label: str, value: str | Text, style: str = "") -> None:
        line = Text(t(label) + t("cli.colon"), style="bold")
        line.append(value if isinstance(value, Text) else Text(value, style=style))
        console.print(line)

    def channel_name(channel_id: str) -> str:
        try:
            return channel(channel_id).name(ctx.lang)
        except UnknownChannel:
            return channel_id

    head = Text(case.id, style="bold")
    head.append("  ")
    head.append(mask(case.title), style="bold")
    head.append("  ")
    head.append(t(f"cli.status.{case.status.value}"), style="dim" if case.closed else "cyan")
    console.print(head)
    field("cli.field.platform", case.platform)
    if case.category:
        cat = categories().get(case.category)
        name = t("cli.category", name=cat.name(ctx.lang), group=group_name(cat.group, ctx.lang)) if cat else ""
        field("cli.field.category", name or case.category)
    e = case.entity
    if any((e.name, e.credit_code, e.icp, e.address)):
        parts = [p for p in (e.name, e.credit_code and t("cli.field.credit_code") + " " + e.credit_code,
                             e.icp, e.address) if p]
        field("cli.field.entity", " · ".join(parts))
    for order in case.orders:
        parts = [order.number or "—", f"¥{order.amount:.2f}"]
        if order.payment_channel:
            parts.append(order.payment_channel)
        if order.paid_at:
            parts.append(order.paid_at[:16].replace("T", " "))
        field("cli.field.order", "  ".join(parts))
    if len(case.orders) > 1:
        field("cli.field.total", f"¥{case.amount:.2f}")
    c = case.complainant if reveal else masked_complainant(case.complainant)
    if any((c.name, c.phone, c.id_number, c.address)):
        parts = [p for p in (c.name, c.phone, c.id_number and t("cli.field.id_number") + " " + c.id_number,
                             c.address) if p]
        field("cli.field.complainant", "  ".join(parts) + ("" if reveal else "  " + t("cli.masked_hint")))
    if case.demands.basic:
        field("cli.field.basic", mask(case.demands.basic))
    if case.demands.compensation:
        field("cli.field.compensation", mask(case.demands.compensation))
    if case.tags:
        field("cli.field.tags", "、".join(case.tags) if ctx.lang != "en" else ", ".join(case.tags))
    if case.group_id:
        field("cli.field.group", f"{case.group_id} {group.name}" if group else case.group_id)
    if case.notes:
        field("cli.field.notes", Text("\n" + mask(case.notes)))
    field("cli.field.created", (case.created or "—")[:16].replace("T", " "))

    console.print()
    if item["channel"]:
        ch_text = item["channel_name"]
        if item["tier"] is not None:
            ch_text += t("cli.tier", tier=item["tier"])
        if item["ticket"]:
            ch_text += "  " + t("cli.col.ticket") + " " + item["ticket"]
        field("cli.field.channel", ch_text)
    if deadline is not None:
        style = _URGENCY_STYLE[item["urgency"]]
        value = Text(_local(deadline.at, deadline.estimated, ctx) + "  ")
        value.append(item["countdown"], style=style)
        value.append("  " + t(f"cli.deadline_kind.{deadline.kind}"), style="dim")
        field("cli.field.deadline", value)
        if deadline.basis:
            field("cli.field.basis", deadline.basis)
        if deadline.estimated:
            console.print(Text(t("cli.estimated_note"), style="yellow"))
    elif not case.closed:
        field("cli.field.deadline", "—")
    if item["channel"] and not case.closed:
        try:
            nxt = channel(item["channel"]).next
        except UnknownChannel:
            nxt = ()
        if nxt:
            field("cli.field.next", "、".join(channel_name(n) for n in nxt) if ctx.lang != "en"
                  else ", ".join(channel_name(n) for n in nxt))

    console.print()
    console.print(Text(t("cli.section.timeline"), style="bold underline"))
    if case.timeline:
        table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
        for key in ("at", "kind", "channel", "ticket", "said", "promise"):
            table.add_column(Text(t(f"cli.col.{key}")), no_wrap=key in ("at", "kind", "ticket"),
                             ratio=1 if key == "said" else None)
        for ev in case.timeline:
            said = mask(ev.said)
            if ev.agent:
                said = f"[{ev.agent}] {said}" if said else f"[{ev.agent}]"
            promise = ev.promised or ""
            if ev.deadline:
                promise = (promise + " → " if promise else "→ ") + ev.deadline[:16].replace("T", " ")
            table.add_row(
                Text(ev.at[:16].replace("T", " ")),
                Text(t(f"cli.kind.{ev.kind}") if ev.kind in EVENT_KINDS else ev.kind),
                Text(channel_name(ev.channel)),
                Text(ev.ticket or ""),
                Text(said),
                Text(promise),
            )
        console.print(table)
    else:
        console.print(Text(t("cli.none"), style="dim"))

    console.print()
    console.print(Text(t("cli.section.evidence"), style="bold underline"))
    for check in checks:
        mark = Text("✓ " if check.complete else "✗ ", style="green" if check.complete else "red")
        mark.append(check.title, style="bold")
        console.print(mark)
        for present in check.present:
            console.print(Text("    + " + present))
        for missing in check.missing:
            console.print(Text("    - " + missing, style="yellow"))
    if case.evidence:
        console.print()
        console.print(Text(t("cli.section.files"), style="bold underline"))
        for ev_item in case.evidence:
            line = Text(f"  {mask(ev_item.label or ev_item.path)}")
            if ev_item.sha256:
                line.append(f"  sha256:{ev_item.sha256[:16]}…", style="dim")
            if ev_item.recorded_at:
                line.append("  " + ev_item.recorded_at[:16].replace("T", " "), style="dim")
            console.print(line)


# ------------------------------------------------------------ escalate and urge

EXIT_BLOCKED = 3


def _answers(ctx: Context, raw: list[str] | None) -> list[tuple[str, str]]:
    """``--set FIELD=VALUE`` pairs, with FIELD checked against the answerable fields."""
    from cases.escalation import ANSWERABLE

    out = []
    for item in raw or []:
        field, sep, value = item.partition("=")
        field = field.strip()
        if not sep or field not in ANSWERABLE:
            raise CliError(ctx.t("cli.escalate.bad_set", fields=", ".join(ANSWERABLE)))
        out.append((field, value))
    return out


def _print_findings(ctx: Context, findings: Sequence[Any]) -> None:
    """One line per finding on stderr, blocking ones first, with the question to answer."""
    ordered = sorted(findings, key=lambda f: f.severity != "block")
    for finding in ordered:
        key = "cli.escalate.block" if finding.severity == "block" else "cli.escalate.warn"
        line = ctx.t(key, message=finding.message)
        if finding.question:
            line += ctx.t("cli.escalate.question", question=finding.question, field=finding.field)
        sys.stderr.write(" ".join(line.split()) + "\n")


def _submission_command(ctx: Context, *, urge: bool) -> int:
    """tousu escalate / tousu urge: pre-flight, print the text, optionally record it as sent."""
    from cases.escalation import apply_answer, build_submission, build_urge, suggest_targets

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    if args.ticket and not args.record:
        raise CliError(ctx.t("cli.escalate.ticket_needs_record"))
    target = _channel(ctx, args.to).id if not urge and args.to else None
    answers = [] if urge else _answers(ctx, args.answers)
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        if answers:
            answered = case
            for field, value in answers:  # every answer is checked before anything is saved
                answered = apply_answer(answered, field, value, ctx.lang)
            case = store.save_case(answered, case)
            from cases.escalation import ANSWERABLE

            for field, _ in answers:
                sys.stderr.write(ctx.t("cli.escalate.answered", id=case.id, label=ANSWERABLE[field].label(ctx.lang))
                                 + "\n")
        if urge:
            sub = build_urge(case, ctx.now, reveal=args.reveal, lang=ctx.lang, calendar=ctx.calendar)
        else:
            if target is None:
                suggested = suggest_targets(case, ctx.now, ctx.calendar)
                if not suggested:
                    current = _channel(ctx, case.current_channel).name(ctx.lang) if case.current_channel else "—"
                    raise CliError(ctx.t("cli.escalate.no_target", channel=current))
                target = suggested[0]
            group = store.group_of(case)
            sub = build_submission(case, target, ctx.now, reveal=args.reveal, lang=ctx.lang, calendar=ctx.calendar,
                                   group=group)
        _print_findings(ctx, sub.findings)
        if sub.blocked and not (args.force and sub.body):
            sys.stderr.write(ctx.t("cli.escalate.blocked", prog=PROG) + "\n")
            return EXIT_BLOCKED
        text = sub.text()
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        if args.record:
            _record(ctx, store, case, sub.channel, text, urge=urge)
    finally:
        store.close()
    return EXIT_OK


def _record(ctx: Context, store: Any, case: Case, channel_id: str, text: str, *, urge: bool) -> None:
    from cases.countdown import format_countdown
    from cases.deadlines import case_deadline
    from cases.escalation import record_submission

    kind = "urged" if urge else "submitted"
    event = record_submission(case, channel_id, ctx.now, ticket=_clean(ctx.args.ticket), kind=kind, text=text,
                              lang=ctx.lang)
    updated = store.update_case(case.id, lambda c: c.add_event(event))
    name = _channel(ctx, channel_id).name(ctx.lang)
    if urge:
        line = ctx.t("cli.escalate.recorded_urge", id=updated.id, channel=name)
    else:
        ticket = ctx.t("cli.escalate.recorded_ticket", ticket=event.ticket) if event.ticket else ""
        line = ctx.t("cli.escalate.recorded", id=updated.id, channel=name, ticket=ticket)
    deadline = case_deadline(updated, ctx.calendar)
    if deadline is not None:
        line += ctx.t("cli.log.deadline", at=_local(deadline.at, deadline.estimated, ctx),
                      countdown=format_countdown(deadline, ctx.now, ctx.lang, ctx.calendar))
    sys.stderr.write(line + "\n")


def cmd_escalate(ctx: Context) -> int:
    return _submission_command(ctx, urge=False)


def cmd_urge(ctx: Context) -> int:
    return _submission_command(ctx, urge=True)


# ------------------------------------------------------------------------- main

_COMMANDS: dict[str | None, Callable[[Context], int]] = {
    None: cmd_dashboard,
    "demo": cmd_demo,
    "add": cmd_add,
    "log": cmd_log,
    "list": cmd_list,
    "show": cmd_show,
    "escalate": cmd_escalate,
    "urge": cmd_urge,
}


def _ensure_utf8(stream: Any) -> None:
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        with suppress(ValueError, OSError):  # a stream that cannot change: leave it
            stream.reconfigure(encoding="utf-8")


def _error_line(lang: str, message: str) -> str:
    one_line = " ".join(str(message).split())
    return tr("cli.error.line", lang, prog=PROG, message=one_line)


def _message(exc: BaseException, lang: str) -> str:
    """The message of an expected error, in ``lang`` when the error knows both languages."""
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return str(message(lang))
        except TypeError:
            pass
    return str(exc)


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run one ``tousu`` command; returns the exit status (0 ok, 2 error, 3 escalate/urge pre-flight failed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if env is None else env
    lang = _lang_from_argv(argv, environ)
    set_lang(lang)
    _ensure_utf8(sys.stdout)
    _ensure_utf8(sys.stderr)
    from storage.errors import StoreError

    try:
        with _argparse_language(lang):
            parser = build_parser(lang)
            try:
                args = parser.parse_args(argv)
            except SystemExit as exc:  # -h / --version
                return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_ERROR
        ctx = Context(args, lang, environ)
        try:
            return _COMMANDS[args.command](ctx)
        finally:
            if ctx._calendar is not None:
                from storage.calendar_cache import save_calendar_cache

                save_calendar_cache()
    except BrokenPipeError:  # `tousu list | head`
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except (CliError, StoreError, ValueError, OSError) as exc:
        return _fail(lang, _message(exc, lang))
    except Exception as exc:  # a bug: still one line, unless TOUSU_DEBUG asks for the traceback
        if environ.get("TOUSU_DEBUG"):
            raise
        return _fail(lang, tr("cli.error.internal", lang, error=f"{type(exc).__name__}: {exc}"))


def _fail(lang: str, message: str) -> int:
    with suppress(OSError):
        sys.stdout.flush()
    sys.stderr.write(_error_line(lang, message) + "\n")
    sys.stderr.flush()
    return EXIT_ERROR


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass


if __name__ == "__main__":
    sys.exit(main())
