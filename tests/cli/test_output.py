"""The terminal output: counts per tenant and sync kind, held back once, the demo's verdict."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.console import console, fit_width
from cli.local import demo_verdict
from cli.main import app
from cli.output import quarantine_rows, show_outcomes
from cli.runs import RunOutcome, exit_code
from tasks.engine.changes import SyncReport, SyncSummary
from tests.cli.screen import counts, one_line, titled
from tests.support import TestTenant

fit_width()  # a CI log's width, as the commands set it
HELD = ({"employee": "3", "field": "ssn", "reason": "fails its mod-11 check digits"},)


def outcome(kind: str, *, created: int = 0, failed: int = 0, held: bool = False) -> RunOutcome:
    summary = SyncSummary("acme", kind, created, 0, 4, int(held), failed)
    return RunOutcome("acme", kind, SyncReport(summary, quarantine=HELD if held else ()))


def test_counts_and_held_back_employees_print_as_tables() -> None:
    outcomes = [outcome("employees", created=2, held=True), outcome("absences", held=True)]

    with console.capture() as captured:
        show_outcomes(outcomes, "hrsync sync acme")
    output = captured.get()

    assert counts(output, "acme", "employees") == {
        "created": "2", "updated": "0", "unchanged": "4",
        "quarantined": "1", "skipped": "0", "failed": "0",
    }  # fmt: skip
    held = titled(output, "Held back")
    assert [(h["employee"], h["field"], h["held back by"]) for h in held] == [
        ("3", "ssn", "employees, absences")  # the same employee and field once
    ]


def test_data_is_printed_as_text_never_as_markup() -> None:
    sneaky = ({"employee": "3", "field": "[red]ssn[/red]", "reason": "[link=x]y[/link]"},)
    summary = SyncSummary("acme", "employees", 0, 0, 0, 1, 0)

    rows = quarantine_rows(
        [RunOutcome("acme", "employees", SyncReport(summary, quarantine=sneaky))]
    )
    with console.capture() as captured:
        show_outcomes(
            [RunOutcome("acme", "employees", SyncReport(summary, quarantine=sneaky))], "t"
        )

    assert rows[0][2] == "[red]ssn[/red]"
    assert "[red]ssn[/red]" in captured.get()


def test_a_run_that_failed_outright_shows_its_error_line_and_exits_1() -> None:
    failed = RunOutcome("acme", "employees", None, "tenant acme: no such tenant file")

    with console.capture() as captured:
        show_outcomes([failed], "hrsync sync acme")

    assert "error: acme employees: tenant acme: no such tenant file" in captured.get()
    assert counts(captured.get(), "acme", "employees")["failed"] == "run failed"
    assert exit_code([failed, outcome("absences")]) == 1


def test_the_demo_passes_only_when_the_second_run_changes_nothing() -> None:
    first = [outcome("employees", created=5, held=True)]

    assert demo_verdict(first, [outcome("employees", held=True)]) == ""
    assert "still changed 2 record(s)" in demo_verdict(first, [outcome("employees", created=2)])
    assert "failed" in demo_verdict(first, [outcome("employees", failed=1)])


RAW = ("\x1b", "\x9b", "\u202e", "\u2066", "\u200b", "\r", "\x07")


def test_hidden_characters_from_hr_data_reach_the_terminal_escaped() -> None:
    hostile = ({"employee": "7\x1b[2J", "field": "lastName",
                "reason": "payroll said: \x1b]8;;http://x\x07\u202eNOK 0051\u202c"},)  # fmt: skip
    changes = ({"employee": "8", "record": "employee 8", "field": "lastname",
                "old": "Nordmann\r", "new": "Kari\u200b\x1b[31mX",
                "action": "update"},)  # fmt: skip
    summary = SyncSummary("acme", "employees", 0, 1, 0, 1, 0)
    report = SyncReport(summary, quarantine=hostile, field_changes=changes,
                        notes=("scope kept 2 of 2 \u2066employees\u2069",))  # fmt: skip
    failed = RunOutcome("acme", "absences", None, "AlexisHR said \x1b[31mno\u202e")

    with console.capture() as captured:
        show_outcomes([RunOutcome("acme", "employees", report), failed], "t", changes=True)
    output = captured.get()

    assert [c for c in RAW if c in output] == []
    for shown in ("7\\x1b[2J", "\\x1b]8;;http://x\\x07\\u202eNOK", "Kari\\u200b\\x1b[31mX",
                  "Nordmann\\r", "\\u2066employees\\u2069", "said \\x1b[31mno\\u202e"):  # fmt: skip
        assert shown in one_line(output), shown


@pytest.mark.usefixtures("prefect_harness")
def test_a_sync_of_hostile_names_prints_no_raw_control_character(tenant: TestTenant) -> None:
    # Whether these are held back (quarantine) or shown in the change table, the terminal gets
    # no escape it would obey. Employee 2's number itself is hostile.
    tenant.add_employee("1", firstName="Kari\x1b[2J\x1b[H", lastName="Nord\u202emann")
    tenant.add_employee("3", employeeNumber="3\x1b[31m", lastName="Berg\x9b31m")
    tenant.add_employee("4")
    arguments = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir), "--only"]

    result = CliRunner().invoke(
        app, [*arguments, "employees", "--dry-run", "--show-changes"], env={"COLUMNS": "250"}
    )

    assert result.exit_code in (0, 1, 2), result.output
    assert "employee 4" in result.output  # the change table (or its records) was printed
    assert [c for c in RAW if c in result.output] == [], result.output


def test_the_change_count_includes_the_field_changes_the_report_did_not_list() -> None:
    row = {"employee": "8", "record": "employee 8", "field": "lastname", "old": "A", "new": "B",
           "action": "update"}  # fmt: skip
    summary = SyncSummary("acme", "employees", 0, 1, 0, 0, 0)
    report = SyncReport(summary, field_changes=(row,) * 30, unlisted_field_changes=70)

    with console.capture() as captured:
        show_outcomes([RunOutcome("acme", "employees", report)], "t", changes=True)

    assert "first 25 of 100" in one_line(captured.get())


def test_the_held_back_count_includes_the_entries_the_report_did_not_list() -> None:
    row = {"employee": "8", "field": "ssn", "reason": "fails its mod-11 check digits"}
    summary = SyncSummary("acme", "employees", 0, 0, 0, 0, 1)
    report = SyncReport(summary, quarantine=(row,), unlisted_quarantine=41)

    with console.capture() as captured:
        show_outcomes([RunOutcome("acme", "employees", report)], "t")

    assert "first 1 of 42" in one_line(captured.get())


def test_a_run_note_is_shown_as_a_note_and_only_skipped_leave_as_skipped() -> None:
    summary = SyncSummary("acme", "employees", 0, 1, 0, 0, 0)
    skipped = "leave type 'Kurs': 2 leave(s) skipped"
    incremental = "incremental: 2 of 12 employees changed since payroll last confirmed them"
    report = SyncReport(
        summary, notes=("scope: all 12 employees", incremental, skipped), skipped=(skipped,)
    )

    with console.capture() as captured:
        show_outcomes([RunOutcome("acme", "employees", report)], "t")
    output = one_line(captured.get())

    notes, after = output.split("Notes", 1)[1].split("Skipped (not exported)", 1)
    assert f"acme: {incremental}" in notes and skipped not in notes
    assert f"acme: {skipped}" in after and incremental not in after
