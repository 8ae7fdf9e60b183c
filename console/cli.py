"""The `petition-console` command: run the console and administer its database.

Every subcommand prints a plain message and exits non-zero when something is wrong.
Messages follow PETITION_LANG (zh by default, en available).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import errno
import getpass
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from console.i18n import LANGUAGES, translate
from core.config import (
    PROJECT_ROOT,
    AppConfig,
    ConfigError,
    require_cookie_key,
    require_lookup_key,
)
from core.errors import UserError, ValidationErrors
from core.vocab import Role

APP = PROJECT_ROOT / "console" / "app.py"
#: Days the command line accepts (--as-of): far around any office's today, and inside what
#: every date computation and both databases handle.
EARLIEST_DAY, LATEST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class CliError(Exception):
    """A failure already phrased for the operator."""


def _lang() -> str:
    lang = os.environ.get("PETITION_LANG", "zh")
    return lang if lang in LANGUAGES else "zh"


def _say(key: str, **params) -> str:
    return translate(key, _lang(), **params)


_progress_line_open = False


def _terminal_progress(fraction: float, message: str) -> None:
    global _progress_line_open
    width = 30
    filled = int(width * min(max(fraction, 0.0), 1.0))
    bar = "#" * filled + "." * (width - filled)
    message = _say(message)  # an i18n key (or plain text, shown as it is)
    sys.stderr.write(f"\r[{bar}] {fraction:4.0%} {message[:40]:<40}")
    _progress_line_open = fraction < 1.0
    if not _progress_line_open:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _finish_progress() -> None:
    """End an unfinished progress line, so what follows starts on its own line."""
    global _progress_line_open
    if _progress_line_open:
        sys.stderr.write("\n")
        sys.stderr.flush()
        _progress_line_open = False


def _database(config: AppConfig):
    from core.startup import migrate_and_prepare
    from db.session import Database

    database = Database.connect(config.database_url)
    migrate_and_prepare(database, config)
    return database


def cmd_run(args: argparse.Namespace, config: AppConfig) -> int:
    from core.startup import needs_demo_seed, seed_demo_district

    require_cookie_key(config)  # serving pages signs users in
    require_lookup_key(config)  # and registers query codes, checks them on the public page
    database = _database(config)
    if needs_demo_seed(database, config):
        print(_say("cli.seeding"))
        seed_demo_district(database, config, progress=_terminal_progress)
    database.dispose()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        f"--server.port={args.port}",
        f"--server.address={args.address}",
        "--server.headless=true",
    ]
    print(_say("cli.serving", url=f"http://localhost:{args.port}"))
    return subprocess.call(command, cwd=PROJECT_ROOT)


def cmd_db_upgrade(_args: argparse.Namespace, config: AppConfig) -> int:
    from db.migrate import current_revision

    database = _database(config)
    print(_say("cli.upgraded", revision=current_revision(database.engine)))
    return 0


def cmd_seed_demo(args: argparse.Namespace, config: AppConfig) -> int:
    from core.startup import seed_demo_district

    database = _database(config)
    if not config.demo_mode and _fresh_sqlite(database):
        config = dataclasses.replace(config, demo_mode=True)
        # Settings read later in this process (the demo's query-code key) agree with it.
        os.environ["PETITION_MODE"] = "demo"
    if not config.demo_mode:
        raise CliError(_say("cli.not_demo_mode"))
    from db.demo import DemoAlreadySeededError

    try:
        seed_demo_district(
            database,
            config,
            seed=args.seed,
            items=args.items,
            reset=args.reset,
            progress=_terminal_progress,
        )
        print(_say("cli.seeded", items=args.items, seed=args.seed))
    except DemoAlreadySeededError:
        _finish_progress()
        print(_say("cli.demo_exists"))
    _print_stories(database)
    return 0


def _print_stories(database) -> None:
    """The founding stories' case numbers and query codes (demo mode only), on every run."""
    from console.i18n import translate
    from db.demo.advance import story_cases

    with database.read() as session:
        for case in story_cases(session, demo_mode=True):
            name = translate(f"demo.story.{case.key}", _lang())
            print(_say("cli.story_line", name=name, case=case.case_number, code=case.query_code))


def cmd_demo_today(args: argparse.Namespace, config: AppConfig) -> int:
    """Move the demo's simulated today forward; the district lives every day in between."""
    from core.policy import system_user
    from db.demo.advance import advance_demo

    if not config.demo_mode:
        raise CliError(_say("cli.not_demo_mode"))
    database = _database(config)
    report = advance_demo(
        database, args.date, system_user("cli"), demo_mode=True, progress=_terminal_progress
    )
    _finish_progress()
    steps = sum(n for kind, n in report.steps.items() if not kind.startswith("refused"))
    print(
        _say(
            "cli.demo_today_done",
            day=report.to_day.isoformat(),
            start=report.from_day.isoformat(),
            steps=steps,
            waiting=report.waiting,
        )
    )
    return 0


def _fresh_sqlite(database) -> bool:
    """PETITION_MODE unset, an embedded SQLite file holding no district yet: demo data is
    all it can be meant for. Anything else (PostgreSQL, a file with a district — which
    --reset would wipe) needs PETITION_MODE=demo said explicitly."""
    from sqlalchemy import select

    from db.models import District

    if os.environ.get("PETITION_MODE") or not database.is_sqlite:
        return False
    with database.read() as session:
        return session.scalar(select(District.id).limit(1)) is None


def cmd_create_user(args: argparse.Namespace, config: AppConfig) -> int:
    from core.users import create_user

    password = _read_password(args.password_stdin)
    database = _database(config)
    with database.write() as session:
        try:
            create_user(
                session,
                args.username,
                password,
                args.role,
                display_name=args.name,
                unit_code=args.unit,
            )
        except UserError as err:
            if err.key != "error.unknown_unit":
                raise
            raise CliError(_unit_not_found(session, args.unit)) from None
    role = translate(f"Role.{Role(args.role).value}", _lang())
    print(_say("cli.user_created", username=args.username, role=role))
    return 0


def _unit_not_found(session, code: str) -> str:
    """ "No such unit", with the closest units' codes and names (a typo, or a name typed
    where the code was wanted)."""
    from core.admin.units import closest_units

    lines = [_say("error.unknown_unit", unit=code)]
    matches = closest_units(session, code)
    if matches:
        lines.append(_say("cli.unit_suggestions"))
        lines.extend(f"  {match_code}  {name}" for match_code, name in matches)
    return "\n".join(lines)


def cmd_import_agents(args: argparse.Namespace, config: AppConfig) -> int:
    from core.agents.files import import_agents
    from core.policy import system_user

    data, name = _read_file(args.file)
    database = _database(config)
    with database.write() as session:
        result = import_agents(
            session,
            data,
            name,
            actor=system_user("cli"),
            dry_run=args.dry_run,
            progress=lambda f, key: _terminal_progress(f, _say(key)),
        )
    return _report_import(result)


def cmd_import_clusters(args: argparse.Namespace, config: AppConfig) -> int:
    from core.coverage.cluster_import import import_clusters
    from core.policy import system_user

    data, name = _read_file(args.file)
    database = _database(config)
    with database.write() as session:
        result = import_clusters(
            session, data, name, dry_run=args.dry_run, actor=system_user("cli")
        )
    return _report_import(result)


def _read_file(path_text: str) -> tuple[bytes, str]:
    path = Path(path_text)
    if path.is_dir():
        raise CliError(_say("cli.is_a_directory", path=path))
    if not path.is_file():
        raise CliError(_say("cli.no_such_file", path=path))
    return path.read_bytes(), path.name  # an OSError (permission …) is phrased by `main`


def _report_import(result) -> int:
    """The same row errors the page shows; non-zero when anything was refused."""
    _finish_progress()
    for error in result.errors:
        print(
            _say(
                "cli.row_error",
                row=error.row,
                column=error.column,
                message=translate(error.key, _lang(), **error.params),
            ),
            file=sys.stderr,
        )
    if result.errors:
        print(_say("cli.import_refused", n=len(result.errors)), file=sys.stderr)
        return 1
    print(
        _say(
            "cli.import_done" if result.written else "cli.import_checked",
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    return 0


def cmd_export_agents(args: argparse.Namespace, config: AppConfig) -> int:
    from core.agents.files import export_agents

    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        raise CliError(_say("cli.needs_xlsx", path=path))
    database = _database(config)
    with database.read() as session:
        path.write_bytes(export_agents(session, public=args.public))
    print(_say("cli.exported", path=path))
    return 0


def cmd_check_history(_args: argparse.Namespace, config: AppConfig) -> int:
    """Replay every matter's event log and compare it with the matter rows; exit 1 on any
    difference (a row changed without an event)."""
    from core.cases.replay import check_history

    database = _database(config)
    with database.read() as session:
        report = check_history(session)
    for row in report.differences.itertuples(index=False):
        print(
            _say(
                "cli.history_difference",
                case_number=row.case_number,
                field=row.field,
                replayed=row.replayed,
                stored=row.stored,
            )
        )
    print(_say("cli.history_checked", n=report.checked, differences=len(report.differences)))
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace, config: AppConfig) -> int:
    """A consistent copy of the embedded database, safe while the console runs."""
    from core.backup import backup

    copy = backup(config.database_url, Path(args.file))
    print(_say("cli.backup_done", path=copy.path, matters=copy.matters, revision=copy.revision))
    return 0


def cmd_restore(args: argparse.Namespace, config: AppConfig) -> int:
    """Replace the embedded database with a checked backup (stop the console first)."""
    from core.backup import restore

    result = restore(config.database_url, Path(args.file))
    done = result.restored
    print(_say("cli.restore_done", path=args.file, matters=done.matters, revision=done.revision))
    if result.previous is not None:
        print(_say("cli.restore_previous", path=result.previous))
    return 0


def cmd_deadlines(args: argparse.Namespace, config: AppConfig) -> int:
    """The daily digest: overdue and due-soon matters per unit, for a scheduled job."""
    import pandas as pd

    from core.deadlines.digest import daily_digest, digest_summary
    from core.export import write_xlsx
    from core.today import today

    if args.xlsx is not None and Path(args.xlsx).suffix.lower() != ".xlsx":
        raise CliError(_say("cli.needs_xlsx", path=args.xlsx))
    database = _database(config)
    with database.read() as session:
        as_of = args.as_of or today(session)
        digest = daily_digest(session, as_of, args.unit)
    database.dispose()
    lang = _lang()

    def text(key: str) -> str:
        return translate(key, lang)

    def shown(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        out = frame[columns].copy()
        if "status" in out:
            out["status"] = out["status"].map(lambda v: text(f"deadlines.status.{v}"))
        if "kind" in out:
            out["kind"] = out["kind"].map(lambda v: text(f"ClockKind.{v}"))
        for flag, word in (
            ("provisional", "deadlines.provisional_short"),
            ("agent_proxied", "deadlines.yes"),
        ):
            if flag in out:
                out[flag] = out[flag].map(lambda v, w=word: text(w) if v else "")
        for name in ("unit_code", "unit_name"):
            if name in out:
                out[name] = out[name].fillna("").replace("", text("deadlines.unassigned"))
        return out.rename(columns={c: text(f"deadlines.col.{c}") for c in columns})

    summary = digest_summary(digest)
    overdue = digest.loc[digest["status"] == "overdue", "matter_id"].nunique()
    soon = digest.loc[digest["status"] == "due_soon", "matter_id"].nunique()
    print(_say("cli.digest_title", as_of=as_of.isoformat(), overdue=overdue, due_soon=soon))
    if digest.empty:
        print(_say("cli.digest_empty"))
    rows = [
        "status",
        "case_number",
        "kind",
        "started_on",
        "due_on",
        "days_overdue",
        "working_days_left",
        "provisional",
        "agent_proxied",
    ]
    with pd.option_context(
        "display.unicode.east_asian_width",
        True,
        "display.width",
        200,
        "display.max_rows",
        None,
        "display.max_columns",
        None,
    ):
        for (code, name), unit_rows in digest.groupby(
            [digest["unit_code"].fillna(""), digest["unit_name"].fillna("")], sort=False
        ):
            counts = unit_rows.groupby("status")["matter_id"].nunique()
            print()
            unit = (
                _say("cli.digest_unit_name", name=name, code=code)
                if code
                else text("deadlines.unassigned")
            )
            print(
                _say(
                    "cli.digest_unit",
                    unit=unit,
                    overdue=int(counts.get("overdue", 0)),
                    due_soon=int(counts.get("due_soon", 0)),
                )
            )
            print(shown(unit_rows, rows).to_string(index=False))
    if args.xlsx is not None:
        details = ["unit_code", "unit_name", *rows]
        try:
            write_xlsx(
                {
                    _say("cli.digest_sheet_summary"): shown(
                        summary, ["unit_code", "unit_name", "overdue", "due_soon"]
                    ),
                    _say("cli.digest_sheet_details"): shown(digest, details),
                },
                args.xlsx,
            )
        except OSError as err:
            message = err.strerror or str(err)
            raise CliError(_say("cli.cannot_write", path=args.xlsx, message=message)) from None
        print(_say("cli.exported", path=args.xlsx))
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise CliError(_say("cli.password_needs_tty"))
    first = getpass.getpass(_say("cli.password_prompt"))
    if first != getpass.getpass(_say("cli.password_again")):
        raise CliError(_say("cli.password_mismatch"))
    return first


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_say("cli.bad_date", value=text)) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise argparse.ArgumentTypeError(
            _say(
                "cli.date_out_of_range",
                value=text,
                low=EARLIEST_DAY.isoformat(),
                high=LATEST_DAY.isoformat(),
            )
        )
    return day


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_say("cli.bad_int", value=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_say("cli.bad_int", value=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petition-console",
        description="Online petition agency console (网上信访代理工作台)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="prepare the database and serve the console")
    run.add_argument("--port", type=_positive_int, default=8501)
    run.add_argument("--address", default="localhost")
    run.set_defaults(handler=cmd_run)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply Alembic migrations").set_defaults(
        handler=cmd_db_upgrade
    )

    seed = sub.add_parser("seed-demo", help="fill the demo district (demo mode only)")
    seed.add_argument("--seed", type=_positive_int, default=2026)
    seed.add_argument("--items", type=_positive_int, default=3000)
    seed.add_argument("--reset", action="store_true", help="wipe and regenerate")
    seed.set_defaults(handler=cmd_seed_demo)

    moving = sub.add_parser(
        "demo-today",
        help="move the demo's simulated today forward; the district lives the days between",
    )
    moving.add_argument("date", type=_date, help="the new today (YYYY-MM-DD), not before it")
    moving.set_defaults(handler=cmd_demo_today)

    user = sub.add_parser("create-user", help="add a user")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--name", help="display name")
    user.add_argument("--unit", help="unit code (required for unit_liaison)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user.set_defaults(handler=cmd_create_user)
    imports = sub.add_parser("import-agents", help="import agents from .xlsx or .csv")
    imports.add_argument("file")
    imports.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imports.set_defaults(handler=cmd_import_agents)

    clusters = sub.add_parser(
        "import-clusters", help="import residential clusters (.xlsx/.csv, any coordinate system)"
    )
    clusters.add_argument("file")
    clusters.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    clusters.set_defaults(handler=cmd_import_clusters)

    exports = sub.add_parser("export-agents", help="export the roster to .xlsx")
    exports.add_argument("file")
    exports.add_argument("--public", action="store_true", help="the public contact list only")
    exports.set_defaults(handler=cmd_export_agents)

    sub.add_parser(
        "check-history", help="replay every matter's events and compare with the stored rows"
    ).set_defaults(handler=cmd_check_history)

    digest = sub.add_parser(
        "deadlines", help="daily digest of overdue and due-soon matters per unit"
    )
    digest.add_argument(
        "--as-of", type=_date, help="the day (YYYY-MM-DD); default: the office's today"
    )
    digest.add_argument("--unit", help="one unit's code only, e.g. D-HRSS")
    digest.add_argument("--xlsx", type=Path, help="also write the digest to this .xlsx file")
    digest.set_defaults(handler=cmd_deadlines)

    saving = sub.add_parser("backup", help="copy the embedded SQLite database (safe while it runs)")
    saving.add_argument("file")
    saving.set_defaults(handler=cmd_backup)
    restoring = sub.add_parser(
        "restore", help="replace the embedded SQLite database with a backup (stop the console)"
    )
    restoring.add_argument("file")
    restoring.set_defaults(handler=cmd_restore)
    return parser


def _os_message(err: OSError) -> str:
    """An OS error in the operator's language (the OS's own text is English)."""
    path = err.filename or ""
    if err.errno == errno.ENOENT:
        return _say("cli.no_such_file", path=path)
    if err.errno in (errno.EACCES, errno.EPERM):
        return _say("cli.permission_denied", path=path)
    if err.errno == errno.EISDIR:
        return _say("cli.is_a_directory", path=path)
    if err.errno == errno.ENOSPC:
        return _say("cli.disk_full", path=path)
    return _say("cli.os_error", path=path, message=err.strerror or type(err).__name__)


def _database_message(config: AppConfig | None, err: Exception) -> str:
    from sqlalchemy.engine import make_url

    try:
        where = make_url(config.database_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - the URL itself may be what is wrong
        where = "DATABASE_URL"
    return _say("cli.database_error", url=where, kind=type(err).__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand. Bad input or settings end in a message, never a traceback."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    args = build_parser().parse_args(argv)
    config: AppConfig | None = None
    message: list[str] = []
    try:
        config = AppConfig.from_env()
        return args.handler(args, config)
    except ConfigError as err:
        text = translate(err.key, _lang(), **err.params) if err.key else str(err)
        message = [_say("cli.config_error", message=text)]
    except ValidationErrors as errs:
        message = [translate(err.key, _lang(), **err.params) for err in errs.errors]
    except UserError as err:
        message = [translate(err.key, _lang(), **err.params)]
    except CliError as err:
        message = [str(err)]
    except OSError as err:
        message = [_os_message(err)]
    except (ArgumentError, NoSuchModuleError, DBAPIError) as err:
        message = [_database_message(config, err)]
    except KeyboardInterrupt:
        message = [_say("cli.interrupted")]
    _finish_progress()
    for line in message:
        print(line, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
