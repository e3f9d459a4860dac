"""Option values checked and cleaned: user text, channels, instants, deadlines, case ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.errors import CliError

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from tui.cli.context import Context


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
    """An option's time of something that happened: ISO 8601 or as people say it
    ("昨天10点", "3小时前"), read against the command's clock; never in the future."""
    from cases.clock import TimeRangeError, TimeTextError, in_future, parse_instant

    try:
        at = parse_instant(text, ctx.lang, ctx.now)
    except TimeRangeError as exc:
        raise CliError(ctx.t("cli.error.option", option=option, message=exc.message(ctx.lang))) from None
    except TimeTextError as exc:
        if exc.key == "cases.time.unrecognised":
            raise CliError(ctx.t("cli.error.bad_time", option=option, value=_shown(text))) from None
        raise CliError(ctx.t("cli.error.option", option=option, message=exc.message(ctx.lang))) from None
    except ValueError:  # pragma: no cover - parse_instant raises only the two above
        raise CliError(ctx.t("cli.error.bad_time", option=option, value=_shown(text))) from None
    if in_future(at, ctx.now):
        raise CliError(ctx.t("cli.error.future_time", option=option, value=_shown(text)))
    return at


def _deadline(ctx: Context, text: str, since: arrow.Arrow, option: str):
    """``resolve_deadline`` for an option's value (days said in words count from the
    command's clock); its errors name the option."""
    from cases.durations import DurationError
    from cases.typed_deadline import resolve_deadline

    try:
        return resolve_deadline(text, since, ctx.calendar, ctx.lang, now=ctx.now)
    except DurationError as exc:
        raise CliError(ctx.t("cli.error.option", option=option, message=exc.message(ctx.lang))) from None


def _resolve_deadline(ctx: Context, text: str, since: arrow.Arrow) -> tuple[str, str]:
    """``--deadline`` → (absolute ISO instant, the raw text as typed)."""
    from cases.clock import to_iso

    raw = _clean(text)
    resolved = _deadline(ctx, raw, since, "--deadline")
    if resolved.at < since:
        raise CliError(ctx.t("cli.error.deadline_before", value=_shown(raw)))
    return to_iso(resolved.at), raw


def _case_id(ctx: Context, text: str) -> str:
    from cases.ids import parse_case_id

    return parse_case_id(text, ctx.lang)  # ValueError with a message in ctx.lang
