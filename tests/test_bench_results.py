"""bench-results.md: every benchmark figure beside its target, earlier runs kept beside it."""

import json

from tests.benchmarks import results
from tests.benchmarks.results import Figure, assemble, load, record, skipped

MACHINE = "x86_64 8 cpu, py3.11"


def _rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split(" | ")]
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| benchmark |")
    ]


def test_scripts_append_figures_only_when_asked(tmp_path, monkeypatch):
    figures = tmp_path / "build" / "figures.jsonl"
    monkeypatch.delenv(results.ENV, raising=False)
    record("seed", 12.0, "s", 30)
    assert not figures.exists()

    monkeypatch.setenv(results.ENV, str(figures))
    record("seed", 12.0, "s", 30)
    record("ratio", 2.5, "×", 2, "<=")
    record("same answer", True)
    skipped("queue", "TEST_DATABASE_URL not set")
    assert [json.loads(line)["benchmark"] for line in figures.read_text().splitlines()] == [
        "seed",
        "ratio",
        "same answer",
        "queue",
    ]
    assert [f.met for f in load(figures)] == [True, False, True, None]


def test_the_table_puts_each_figure_beside_its_target():
    text = assemble(
        [
            Figure("seed-demo", 12.04, "s", 30.0),
            Figure("colour / fetch", 2.5, "×", 2.0, "<="),
            Figure("fetch", 140.0, "ms"),
            Figure("same as brute force", True),
            Figure("queue (PostgreSQL)", None, note="TEST_DATABASE_URL not set"),
        ],
        "",
        "abc1234+",
        "2026-11-18",
        MACHINE,
    )
    assert "| benchmark | figure | target | met? | commit | date | machine |" in text
    assert _rows(text) == [
        ["seed-demo", "12.0 s", "< 30 s", "yes", "abc1234+", "2026-11-18", MACHINE],
        ["colour / fetch", "2.50×", "≤ 2×", "**NO**", "abc1234+", "2026-11-18", MACHINE],
        ["fetch", "140 ms", "—", "—", "abc1234+", "2026-11-18", MACHINE],
        ["same as brute force", "yes", "yes", "yes", "abc1234+", "2026-11-18", MACHINE],
        [
            "queue (PostgreSQL)",
            "skipped: TEST_DATABASE_URL not set",
            "—",
            "—",
            "abc1234+",
            "2026-11-18",
            MACHINE,
        ],
    ]


def test_earlier_runs_stay_beside_the_new_one():
    first = assemble([Figure("seed", 20.0, "s", 30.0)], "", "aaa1111", "2026-11-01", MACHINE)
    second = assemble(
        [Figure("seed", 15.0, "s", 30.0), Figure("import", 1.3, "s", 10.0)],
        first,
        "bbb2222",
        "2026-11-18",
        MACHINE,
    )
    assert [(r[0], r[1], r[4]) for r in _rows(second)] == [
        ("seed", "15.0 s", "bbb2222"),
        ("seed", "20.0 s", "aaa1111"),
        ("import", "1.30 s", "bbb2222"),
    ]
    # a re-run of the same commit on the same machine replaces its rows
    again = assemble([Figure("seed", 14.0, "s", 30.0)], second, "bbb2222", "2026-11-19", MACHINE)
    assert [(r[0], r[1], r[4]) for r in _rows(again)] == [
        ("seed", "14.0 s", "bbb2222"),
        ("seed", "20.0 s", "aaa1111"),
    ]


def test_only_the_last_runs_are_kept():
    text = ""
    for run in range(results.HISTORY + 3):
        text = assemble(
            [Figure("seed", float(run), "s", 30.0)], text, f"c{run:06d}", "2026-11-18", MACHINE
        )
    commits = [r[4] for r in _rows(text)]
    assert len(commits) == results.HISTORY
    assert commits[0] == f"c{results.HISTORY + 2:06d}"
