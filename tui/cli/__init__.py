"""The ``tousu`` command line: open the dashboard, or add, log, list and show cases.

Every message comes from the ``cli.*`` keys of the catalogues (cases.i18n):
Simplified Chinese by default, English with ``--lang en`` or ``TOUSU_LANG=en``.

Speed matters (scripts call ``tousu add`` / ``tousu log`` in loops, and
``tousu list --json`` feeds other tools), so this package imports only argparse
and the i18n catalogue at the top; each command's module is imported when it runs
(``dispatch``); arrow, the store, the deadline rules and rich are imported by the
commands that need them, and Textual only when the dashboard opens. ``tousu``
alone (the dashboard) does not build the parser (``entry.no_arguments``).
One-line results (an id, a confirmation) are written straight to stdout; tables
and the case view go through rich, built from ``Text`` objects (never markup
with user data in it); ``--json`` is ``json.dumps``.

Decisions:

- ``tousu log`` records a *submission* when ``--channel`` differs from the
  case's current channel, else a *contact*; ``--kind`` sets any event kind.
- ``--deadline`` (add/log) is resolved against ``--submitted`` (default: now);
  the absolute instant goes to ``Event.deadline``, the text as typed to
  ``Event.promised``. Without it the channel's clock applies; when the ``log``
  note mentions a duration ("客服答应2小时内回复"), one hint line on stderr says
  how to set it (``--deadline 2小时``). It is never applied by itself.
- ``tousu demo`` writes ids K-0001… itself and replaces the store's content
  (``Store.replace_all``), which is why a non-empty store needs ``--force``.
- ``TOUSU_NOW`` (an ISO instant) pins the clock; otherwise the system clock.
- Personal data in ``show`` and in ``list`` (titles and platforms) is masked unless ``--reveal``.
- ``tousu escalate`` / ``tousu urge`` print the submission text (cases.escalation)
  to stdout and the pre-flight findings to stderr, one per line; when a finding
  blocks, the text is not printed and the exit status is 3 (``--force`` prints
  it anyway). ``--set FIELD=VALUE`` answers a finding's question and saves it to
  the case; ``--record`` appends the filing (or urge) to the timeline after
  printing, so the channel's clock starts now.
- Personal data never has to be an argument (``ps`` shows arguments to every user):
  ``--set-from FILE`` / ``--set-from -`` (stdin) give the ``--set`` pairs one a line
  (``answers``); ``tousu add`` takes ``--set`` / ``--set-from`` as well.
- ``tousu add --request-id KEY``: a retry with a key already used prints the case the
  first add stored and adds nothing (``Store.add_case(request_id=)``). The id is written and
  flushed right after the commit, before anything else can fail.
- An argument that is not valid UTF-8 (a lone surrogate in ``sys.argv``) is refused,
  naming its option (``argv``); ``--db`` and ``--set-from`` paths may be any bytes.
- ``tousu export`` writes to ``--out`` atomically and 0600, else to stdout (a PDF never to a
  terminal), and never onto the store's own files; ``--all --format json`` is the whole store
  unmasked (a move), said on stderr. ``tousu import`` takes only such a file, into an empty store
  unless ``--replace`` (asked on a terminal, ``--yes`` in a script): ``cmd_export``.

Errors end the process with ONE line on stderr and exit status 2 (a bug too,
unless ``TOUSU_DEBUG`` is set); a closed pipe (``tousu list | head``) is not an error.

The modules: ``constants`` (program name, environment variables, exit
statuses), ``errors`` (CliError, the one-line error), ``language`` (--lang,
argparse's strings), ``parser`` (build_parser), ``context`` (Context),
``arguments`` (option values checked), ``argv`` (arguments that are not UTF-8),
``answers`` (``--set`` / ``--set-from``), ``output`` (lines, the rich console),
``case_items`` (the JSON summary of a case), one ``cmd_*`` module per command
family, ``dispatch`` (the command table) and ``entry`` (main).
"""

from __future__ import annotations

from tui.cli.entry import main

__all__ = ["main"]
