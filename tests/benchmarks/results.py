"""Benchmark figures beside their targets, collected into `bench-results.md`.

Each bench script calls `record(name, figure, unit, target, op)` (or `skipped(name, why)`)
for every figure it prints. When BENCH_FIGURES names a file (`make bench` sets it) the
figure is appended to it as one JSON line; run alone, a script only prints.

`python tests/benchmarks/results.py FIGURES [OUT]` then writes the markdown table OUT
(default bench-results.md): benchmark, figure, target, met?, commit, date, machine. Rows of
earlier runs already in OUT are kept (the last HISTORY runs per benchmark, newest first,
a re-run on the same commit and machine replacing the earlier one), so the figures of
successive versions stand side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = "BENCH_FIGURES"
HISTORY = 10
COLUMNS = ("benchmark", "figure", "target", "met?", "commit", "date", "machine")
_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_SHOWN_OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


@dataclass(frozen=True)
class Figure:
    benchmark: str
    figure: float | bool | None  # None: not measured (see `note`)
    unit: str = ""
    target: float | None = None
    op: str = "<"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.figure is None:
            return None
        if isinstance(self.figure, bool):
            return self.figure
        if self.target is None:
            return None
        return _OPS[self.op](self.figure, self.target)


def record(
    benchmark: str,
    figure: float | bool,
    unit: str = "",
    target: float | None = None,
    op: str = "<",
) -> Figure:
    """One measured figure; `target` with `op` says what "met" means (none: information).
    A boolean figure (e.g. "same answer as brute force") is met when true."""
    if op not in _OPS:
        raise ValueError(f"op must be one of {sorted(_OPS)}, not {op!r}")
    if not isinstance(figure, bool):
        figure = float(figure)
    return _write(Figure(benchmark, figure, unit, target, op))


def skipped(benchmark: str, why: str) -> Figure:
    """A benchmark that did not run here (e.g. it needs PostgreSQL): shown as such."""
    return _write(Figure(benchmark, None, note=why))


def _write(figure: Figure) -> Figure:
    path = os.environ.get(ENV)
    if path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(figure), ensure_ascii=False) + "\n")
    return figure


def load(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Figure(**json.loads(line)) for line in lines if line.strip()]


# --- the markdown table -------------------------------------------------------------------


def _number(value: float, unit: str, *, whole: bool = False) -> str:
    """`value` with its unit; three significant figures or so (`whole`: none after the
    point when it is a whole number, as targets are written)."""
    exact = whole and value == int(value)
    digits = 0 if abs(value) >= 100 or exact else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{digits}f}"
    if unit in ("×", "x"):
        return f"{text}×"
    return f"{text} {unit}".strip()


def cells(figure: Figure, commit: str, date: str, machine: str) -> tuple[str, ...]:
    if figure.figure is None:
        shown, target, met = f"skipped: {figure.note}", "—", "—"
    else:
        if isinstance(figure.figure, bool):
            shown, target = ("yes" if figure.figure else "no"), "yes"
        else:
            shown = _number(figure.figure, figure.unit)
            target = (
                "—"
                if figure.target is None
                else f"{_SHOWN_OPS[figure.op]} {_number(figure.target, figure.unit, whole=True)}"
            )
        met = {True: "yes", False: "**NO**", None: "—"}[figure.met]
    row = (figure.benchmark, shown, target, met, commit, date, machine)
    return tuple(cell.replace("|", "/") for cell in row)


def _row(values: tuple[str, ...]) -> str:
    return "| " + " | ".join(values) + " |"


def _earlier_rows(text: str) -> list[tuple[str, ...]]:
    """The table rows of an earlier bench-results.md (header and separator left out)."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith(("| benchmark |", "|---")):
            continue
        values = tuple(cell.strip() for cell in line.strip().strip("|").split(" | "))
        if len(values) == len(COLUMNS):
            rows.append(values)
    return rows


def assemble(figures: list[Figure], earlier: str, commit: str, date: str, machine: str) -> str:
    """The whole markdown file: this run's rows first within each benchmark, then the rows
    of earlier runs (at most HISTORY runs per benchmark)."""
    current = [cells(f, commit, date, machine) for f in figures]
    order = list(dict.fromkeys(row[0] for row in current))
    old = [r for r in _earlier_rows(earlier) if (r[4], r[6]) != (commit, machine)]
    order += [name for name in dict.fromkeys(r[0] for r in old) if name not in order]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`tests/benchmarks/results.py`): every figure of the",
        "`tests/benchmarks/bench_*.py` scripts beside its target, one row per run, the newest",
        f"run first within each benchmark (the last {HISTORY} runs are kept). Figures depend",
        "on the machine: compare rows of the same machine. A commit ending in `+` ran with",
        "uncommitted changes.",
        "",
        _row(COLUMNS),
        "|" + "---|" * len(COLUMNS),
    ]
    for name in order:
        rows = [r for r in current if r[0] == name] + [r for r in old if r[0] == name]
        runs: list[tuple[str, str, str]] = []
        for row in rows:
            run = (row[4], row[5], row[6])
            if run not in runs:
                runs.append(run)
            if runs.index(run) < HISTORY:
                lines.append(_row(row))
    return "\n".join(lines) + "\n"


def commit_label() -> str:
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    head = git("rev-parse", "--short", "HEAD")
    if head.returncode != 0:
        return "unknown"
    dirty = git("diff", "--quiet", "HEAD", "--").returncode != 0
    return head.stdout.strip() + ("+" if dirty else "")


def machine_label() -> str:
    return f"{platform.machine()} {os.cpu_count()} cpu, py{platform.python_version()}"


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__)
        return 2
    figures = load(Path(argv[0]))
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "bench-results.md"
    earlier = out.read_text(encoding="utf-8") if out.exists() else ""
    text = assemble(figures, earlier, commit_label(), dt.date.today().isoformat(), machine_label())
    out.write_text(text, encoding="utf-8")
    missed = sum(1 for f in figures if f.met is False)
    print(f"{out.name}: {len(figures)} figures, {missed} targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
