"""The report's rows and counts, with personal data masked (no Prefect needed)."""

from __future__ import annotations

import pytest

from schemas.kinds import SyncKind
from tasks.engine import report
from tasks.engine.changes import (
    ChangeSet,
    FieldChange,
    LoadFailure,
    LoadResult,
    QuarantineEntry,
    RecordChange,
)
from tasks.engine.report import (
    change_rows,
    failure_rows,
    field_rows,
    quarantine_rows,
    shown,
    summarize,
    summary_markdown,
)

FNR, OTHER_FNR = "16024301269", "01049042287"
ACCOUNT = "86011117947"


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (FieldChange("personnr", "", FNR), "personnr: (set)"),
        (FieldChange("personnr", OTHER_FNR, FNR), "personnr: (changed)"),
        (FieldChange("personnr", FNR, ""), "personnr: (cleared)"),
        (FieldChange("internationalID.ID", "", FNR), "internationalID.ID: (set)"),
        (FieldChange("account", ACCOUNT, "NO9386011117947"), "account: (changed)"),
        (FieldChange("salary", "50000.00", "52000.00"), "salary: (changed)"),
    ],
)
def test_personal_fields_show_what_happened_never_the_value(change: FieldChange, text: str) -> None:
    assert shown(change) == text


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (FieldChange("email", "", "kari@firma.no"), "email: ∅ → kari@firma.no"),
        (FieldChange("city", "Oslo", "Bergen"), "city: Oslo → Bergen"),
        (FieldChange("bic", "DNBANOKK", ""), "bic: DNBANOKK → ∅"),
        (FieldChange("salary_type", "monthly", "hourly"), "salary_type: monthly → hourly"),
    ],
)
def test_other_fields_show_old_and_new(change: FieldChange, text: str) -> None:
    assert shown(change) == text


def sample() -> ChangeSet:
    created = RecordChange(
        "employee",
        "create",
        "7",
        "7",
        (FieldChange("personnr", "", FNR), FieldChange("account", "", ACCOUNT),
         FieldChange("salary", "", "61234.56"), FieldChange("firstname", "", "Kari")),
        {"empId": "7", "personnr": FNR, "account": ACCOUNT, "salary": "61234.56"},
    )  # fmt: skip
    updated = RecordChange(
        "employee", "update", "8", "8", (FieldChange("salary", "50000.00", "52000.00"),)
    )
    ended = RecordChange(
        "employment", "update", "8", "a1", (FieldChange("enddate", "", "2025-06-30"),)
    )
    same = RecordChange("employee", "unchanged", "9", "9")
    held = (
        QuarantineEntry("acme", "10", "ssn", "fails its mod-11 check digits"),
        QuarantineEntry("acme", "10", "note", "is malformed"),
        QuarantineEntry("acme", "11", "compensation.currency", "must be NOK"),
    )
    return ChangeSet("acme", (created, updated, ended, same), held)


def test_change_rows_never_hold_personal_values() -> None:
    rows = list(change_rows(sample(), LoadResult()))

    text = repr(rows)
    for secret in (FNR, ACCOUNT, "61234.56", "52000.00", "50000.00"):
        assert secret not in text
    assert rows[0] == {
        "employee": "7",
        "record": "employee 7",
        "action": "create",
        "fields": "personnr: (set); account: (set); salary: (set); firstname: ∅ → Kari",
        "outcome": "written",
    }
    assert [r["record"] for r in rows] == ["employee 7", "employee 8", "employment a1"]


def test_change_rows_show_dry_run_and_failures() -> None:
    failure = LoadFailure("employee", "8", "8", "24SevenOffice POST failed: HTTP 500", True)

    dry = list(change_rows(sample(), LoadResult(dry_run=True)))
    failed = list(change_rows(sample(), LoadResult(failures=(failure,))))

    assert {r["outcome"] for r in dry} == {"dry run"}
    assert [r["outcome"] for r in failed] == [
        "written",
        "FAILED: 24SevenOffice POST failed: HTTP 500",
        "written",
    ]


def test_summary_counts_people_once_and_failed_writes_apart() -> None:
    failure = LoadFailure("employment", "8", "a1", "refused", False)

    summary = summarize(SyncKind.employees, sample(), LoadResult(failures=(failure,)))

    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 1)
    assert (summary.quarantined, summary.failed) == (2, 1)
    assert summary.exit_code == 1


@pytest.mark.parametrize(
    ("quarantined", "failed", "code"),
    [(False, False, 0), (True, False, 2), (True, True, 1), (False, True, 1)],
)
def test_exit_code(quarantined: bool, failed: bool, code: int) -> None:
    changes = sample() if quarantined else ChangeSet("acme", sample().records)
    lost = (LoadFailure("employee", "8", "8", "x", True),) if failed else ()

    assert summarize(SyncKind.employees, changes, LoadResult(failures=lost)).exit_code == code


def test_quarantine_rows_name_field_and_reason() -> None:
    assert quarantine_rows(sample())[0] == {
        "employee": "10",
        "field": "ssn",
        "reason": "fails its mod-11 check digits",
        "fix in": "AlexisHR",
    }


def test_summary_markdown_lists_quarantine_without_values() -> None:
    changes = sample()
    summary = summarize(SyncKind.employees, changes, LoadResult(dry_run=True))

    markdown = summary_markdown(summary, changes)

    assert "(dry run: nothing written)" in markdown
    assert "- employee 11: `compensation.currency` must be NOK" in markdown
    assert FNR not in markdown and ACCOUNT not in markdown


def test_field_rows_are_one_row_per_changed_field_with_personal_values_masked() -> None:
    failure = LoadFailure("employment", "8", "a1", "refused", False)

    rows = list(field_rows(sample(), LoadResult(failures=(failure,))))

    assert [(r["employee"], r["record"], r["field"], r["old"], r["new"]) for r in rows] == [
        ("7", "employee 7", "personnr", "∅", "(masked)"),
        ("7", "employee 7", "account", "∅", "(masked)"),
        ("7", "employee 7", "salary", "∅", "(masked)"),
        ("7", "employee 7", "firstname", "∅", "Kari"),
        ("8", "employee 8", "salary", "(masked)", "(masked)"),
        ("8", "employment a1", "enddate", "∅", "2025-06-30"),
    ]
    assert [r["outcome"] for r in rows] == ["written"] * 5 + ["FAILED: refused"]
    assert {r["action"] for r in rows[:4]} == {"create"}


def test_a_write_without_field_changes_gets_one_row_with_its_note() -> None:
    rejected = RecordChange("absence", "reject", "7", "L1", note="cancelled in AlexisHR")

    rows = list(field_rows(ChangeSet("acme", (rejected,)), LoadResult(dry_run=True)))

    assert rows == [
        {"employee": "7", "record": "absence L1", "field": "—", "old": "∅",
         "new": "cancelled in AlexisHR", "action": "reject", "outcome": "dry run"}
    ]  # fmt: skip


def test_failure_rows_name_each_record_once() -> None:
    failures = (
        LoadFailure("employee", "7", "7", "HTTP 500", True),
        LoadFailure("employment", "7", "7-1", "HTTP 500", True),
    )

    assert [r["record"] for r in failure_rows(LoadResult(failures=failures))] == [
        "employee 7",
        "employee 7 employment 7-1",
    ]


def test_a_quarantine_reason_quoting_a_value_loses_its_personal_numbers() -> None:
    entry = QuarantineEntry("acme", "7", "ssn", "value 04024400951 [input_value=4024400951]")

    assert entry.reason == "value *** [input_value=***]"
    assert "4024400951" not in str(entry)


def test_api_text_reaches_the_artifacts_escaped() -> None:
    changes = ChangeSet(
        "acme",
        records=(
            RecordChange("employee", "update", "7", "7",
                         (FieldChange("lastname", "Nordmann", "Kari\x1b[31m\u202e"),)),
        ),
        quarantine=(QuarantineEntry("acme", "8\x1b[2J", "lastName",
                                    "has [a link](http://x) <b>\u202e</b>"),),
        skipped=("leave type 'Ferie\u202e_x_': 1 leave(s) skipped",),
    )  # fmt: skip
    result = LoadResult(failures=(LoadFailure("employee", "7", "7", "said \x1b[1m", False),))

    markdown = summary_markdown(summarize(SyncKind.employees, changes, result), changes)
    rows = [*change_rows(changes, result), *field_rows(changes, result),
            *failure_rows(result), *quarantine_rows(changes)]  # fmt: skip

    cells = [markdown, *(v for row in rows for v in row.values())]
    assert [c for c in cells if "\x1b" in c or "\u202e" in c] == []
    assert "- employee 8\\\\x1b\\[2J: `lastName` has \\[a link\\](http://x) \\<b\\>" in markdown
    assert "- leave type 'Ferie\\\\u202e\\_x\\_': 1 leave(s) skipped" in markdown
    assert {"Kari\\x1b[31m\\u202e", "said \\x1b[1m", "8\\x1b[2J"} <= set(cells)


def test_a_table_lists_the_first_rows_and_says_how_many_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables: dict[str, list[dict[str, str]]] = {}
    monkeypatch.setattr(report, "LISTED", 4)
    monkeypatch.setattr(report, "create_markdown_artifact", lambda **_: None)
    monkeypatch.setattr(
        report, "create_table_artifact", lambda key, table, **_: tables.update({key: table})
    )
    changes = sample()
    assert report.field_row_count(changes) == 6

    published = report.publish(SyncKind.employees, changes, LoadResult(dry_run=True))

    every = list(field_rows(changes, LoadResult(dry_run=True)))
    assert published.field_changes == tuple(every[:4]) and published.unlisted_field_changes == 2
    assert tables["employee-sync-acme-changes"] == [*every[:4], {
        "employee": "… and 2 more field changes, not listed (the summary counts them all)",
        "record": "", "field": "", "old": "", "new": "", "action": "", "outcome": "",
    }]  # fmt: skip
    assert len(tables["employee-sync-acme-records"]) == 3  # 3 records: all listed, no note row


def test_the_report_keeps_held_back_employees_only_and_counts_the_rest_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables: dict[str, list[dict[str, str]]] = {}
    monkeypatch.setattr(report, "LISTED", 2)
    monkeypatch.setattr(report, "create_markdown_artifact", lambda **_: None)
    monkeypatch.setattr(
        report, "create_table_artifact", lambda key, table, **_: tables.update({key: table})
    )

    published = report.publish(SyncKind.employees, sample(), LoadResult(dry_run=True))

    assert [q["employee"] for q in published.quarantine] == ["10", "10"]
    assert published.unlisted_quarantine == 1
    assert tables["employee-sync-acme-quarantine"][-1]["employee"] == (
        "… and 1 more quarantine entries, not listed (the summary counts them all)"
    )
    markdown = report.summary_markdown(published.summary, sample())
    assert "- … and 1 more quarantine entries, not listed" in markdown
