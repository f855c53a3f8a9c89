"""The absence diff: match by externalId; create, update, leave unchanged, or reject."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from clients.payroll_models import PayrollAbsence
from schemas.mapping import ABSENCE_RULES
from tasks.absences.diff import build_absence_changes
from tasks.absences.steps import AbsenceTarget, PayrollAbsences
from tasks.engine.changes import FieldChange, QuarantineEntry, RecordChange

LEAVE_A, LEAVE_B, LEAVE_C = (f"66f0c0ffee00000000000a0{n}" for n in (1, 2, 3))
NOTE = "leave cancelled, denied or deleted in AlexisHR"


def target_row(leave_id: str = LEAVE_A, **fields: str) -> dict[str, str]:
    """What the transform makes of a week of vacation of employee 7, with `fields` replaced."""
    row = {
        "empId": "7",
        "externalId": leave_id,
        "startDate": "2026-10-05",
        "endDate": "2026-10-09",
        "absenceType": "04",
        "percent": "100",
        "comment": "Vacation",
        "approved": "1",
        "childId": "",
        "startdateParental": "",
        "numberOfDays": "5",
        **fields,
    }
    assert list(row) == [rule.target for rule in ABSENCE_RULES]
    return row


def in_payroll(leave_id: str, serial_no: str, **fields: str) -> PayrollAbsence:
    """The absence as `GET /absence/v2` returns what the sync wrote for `target_row(leave_id)`."""
    values: dict[str, Any] = {
        **target_row(leave_id),
        "serialNo": serial_no,
        "startDate": "2026-10-05 00:00:00",
        "endDate": "2026-10-09 00:00:00",
        "description": "Ferie",
        "lastChanged": "2026-10-12 08:00:00",
        **fields,
    }
    return PayrollAbsence.model_validate(values)


def changes_of(
    targets: list[dict[str, str]],
    current: list[PayrollAbsence],
    *,
    approved: set[str] | None = None,
    children: dict[str, dict[str, str]] | None = None,
    elsewhere: tuple[PayrollAbsence, ...] = (),
) -> list[RecordChange]:
    frame = pd.DataFrame(targets, columns=[r.target for r in ABSENCE_RULES], dtype="str")
    ids = {t["externalId"] for t in targets} if approved is None else approved
    target = AbsenceTarget(frame, children or {}, frozenset(ids), (), ())
    payroll = PayrollAbsences(tuple(current), frozenset({"7", "8"}), {}, elsewhere)
    return list(build_absence_changes("acme", target, payroll).records)


def test_a_leave_payroll_lacks_is_created_without_empty_fields() -> None:
    records = changes_of([target_row()], [])
    payload = {k: v for k, v in target_row().items() if v}
    assert records == [
        RecordChange(
            "absence",
            "create",
            "7",
            LEAVE_A,
            tuple(
                FieldChange(k, "", v)
                for k, v in payload.items()
                if k not in ("empId", "externalId")
            ),
            payload,
        )  # fmt: skip
    ]
    assert "serialNo" not in records[0].payload


def test_an_absence_as_payroll_returns_it_is_unchanged() -> None:
    # Dates come back with a time, and `100.00` is 100.
    current = in_payroll(LEAVE_A, "3", percent="100.00")
    assert changes_of([target_row()], [current]) == [
        RecordChange("absence", "unchanged", "7", LEAVE_A)
    ]


def test_a_changed_leave_updates_the_whole_absence_by_serial_no() -> None:
    new = target_row(endDate="2026-10-16", numberOfDays="10")
    records = changes_of([new], [in_payroll(LEAVE_A, "3")])
    assert records == [
        RecordChange(
            "absence",
            "update",
            "7",
            LEAVE_A,
            (
                FieldChange("endDate", "2026-10-09", "2026-10-16"),
                FieldChange("numberOfDays", "5", "10"),
            ),
            {**new, "serialNo": "3"},
        )  # fmt: skip
    ]


def test_a_leave_approved_again_is_set_back_to_approved() -> None:
    records = changes_of([target_row()], [in_payroll(LEAVE_A, "3", approved="2")])
    assert [(r.action, r.changes) for r in records] == [
        ("update", (FieldChange("approved", "2", "1"),))
    ]


def test_an_absence_whose_leave_is_no_longer_approved_is_rejected() -> None:
    gone = in_payroll(LEAVE_B, "4")
    records = changes_of([target_row()], [in_payroll(LEAVE_A, "3"), gone])
    assert records[1] == RecordChange(
        "absence",
        "reject",
        "7",
        LEAVE_B,
        (FieldChange("approved", "1", "2"),),
        {**target_row(LEAVE_B), "serialNo": "4", "approved": "2"},
        note=NOTE,
    )
    assert [r.action for r in records] == ["unchanged", "reject"]


def test_a_rejection_keeps_every_field_of_the_absence() -> None:
    # The update writes the whole absence: a hand-edited comment survives the rejection.
    gone = in_payroll(LEAVE_B, "4", comment="Endret i lønn", percent="100.00")
    [record] = changes_of([], [gone])
    assert record.payload["comment"] == "Endret i lønn"
    assert (record.payload["startDate"], record.payload["endDate"]) == ("2026-10-05", "2026-10-09")


def test_an_absence_whose_leave_is_still_approved_but_not_exported_is_left_alone() -> None:
    # e.g. its employee is quarantined this run, or its type is not chosen.
    records = changes_of([], [in_payroll(LEAVE_B, "4")], approved={LEAVE_B})
    assert records == []


def test_an_absence_already_rejected_is_not_rejected_again() -> None:
    assert changes_of([], [in_payroll(LEAVE_B, "4", approved="2")]) == []


def test_hand_entered_absences_are_never_touched() -> None:
    by_hand = in_payroll("", "9", comment="Legetime")
    assert changes_of([], [by_hand]) == []
    records = changes_of([target_row()], [by_hand])
    assert [(r.action, r.key) for r in records] == [("create", LEAVE_A)]


def test_a_leave_moved_into_the_period_updates_its_absence_from_outside_it() -> None:
    # Exported for October, the leave is in November now; payroll still has it in October.
    october = in_payroll(LEAVE_A, "3")
    new = target_row(startDate="2026-11-16", endDate="2026-11-17", numberOfDays="2")
    records = changes_of([new], [], elsewhere=(october,))
    assert [(r.action, r.key, r.payload.get("serialNo")) for r in records] == [
        ("update", LEAVE_A, "3")
    ]


def test_absences_outside_the_period_are_never_rejected() -> None:
    october = in_payroll(LEAVE_B, "4")
    assert changes_of([target_row()], [], elsewhere=(october,))[1:] == []


def test_children_to_register_come_before_the_absences() -> None:
    child = {"empId": "7", "firstname": "Ola", "lastname": "Nordmann", "birthdate": "2018-03-04"}
    row = target_row(absenceType="02", childId=f"new:{LEAVE_C}", numberOfDays="")
    records = changes_of([row], [], children={LEAVE_C: child})
    assert records[0] == RecordChange(
        "child",
        "create",
        "7",
        LEAVE_C,
        (FieldChange("firstname", "", "Ola"), FieldChange("lastname", "", "Nordmann"),
         FieldChange("birthdate", "", "2018-03-04")),
        child,
    )  # fmt: skip
    assert [(r.entity, r.action) for r in records] == [("child", "create"), ("absence", "create")]
    assert records[1].payload["childId"] == f"new:{LEAVE_C}"


def test_the_change_set_carries_quarantine_and_skipped_notes() -> None:
    frame = pd.DataFrame([target_row()], dtype="str")
    held = (QuarantineEntry("acme", "8", "ssn", "is not valid"),)
    notes = ("employee 9: 1 leave(s) skipped, the employee is not in payroll yet",)
    target = AbsenceTarget(frame, {}, frozenset({LEAVE_A}), held, notes)
    changes = build_absence_changes("acme", target, PayrollAbsences((), frozenset(), {}))
    assert (changes.tenant, changes.quarantine, changes.skipped) == ("acme", held, notes)
    assert [r.action for r in changes.writes()] == ["create"]


def changes_and_quarantine(
    targets: list[dict[str, str]], current: list[PayrollAbsence], **moved: PayrollAbsence
) -> tuple[list[RecordChange], tuple[QuarantineEntry, ...]]:
    frame = pd.DataFrame(targets, columns=[r.target for r in ABSENCE_RULES], dtype="str")
    target = AbsenceTarget(frame, {}, frozenset(t["externalId"] for t in targets), (), ())
    payroll = PayrollAbsences(tuple(current), frozenset({"7"}), {}, tuple(moved.values()))
    changes = build_absence_changes("acme", target, payroll)
    return list(changes.records), changes.quarantine


@pytest.mark.parametrize(("exported", "now"), [("03", "01"), ("01", "03"), ("04", "13")])
def test_a_new_type_for_an_exported_absence_is_held_back_never_written(
    exported: str, now: str
) -> None:
    records, quarantine = changes_and_quarantine(
        [target_row(absenceType=now), target_row(LEAVE_B, startDate="2026-10-12")],
        [in_payroll(LEAVE_A, "4", absenceType=exported), in_payroll(LEAVE_B, "5")],
    )
    assert [(r.key, r.action) for r in records] == [(LEAVE_B, "update")]  # LEAVE_A: untouched
    [entry] = quarantine
    assert (entry.tenant, entry.employee, entry.field) == ("acme", "7", "typeId")
    assert f"type {now}" in entry.reason and f"type {exported}" in entry.reason
    assert LEAVE_A in entry.reason


def test_a_moved_in_absence_of_another_type_is_held_back_too() -> None:
    moved = in_payroll(LEAVE_A, "4", absenceType="03", startDate="2025-10-05 00:00:00")
    records, quarantine = changes_and_quarantine([target_row(absenceType="01")], [], moved=moved)
    assert records == []
    assert [e.field for e in quarantine] == ["typeId"]


def test_the_same_type_and_a_type_payroll_never_had_are_no_change_of_type() -> None:
    records, quarantine = changes_and_quarantine(
        [target_row(), target_row(LEAVE_B, absenceType="01")],
        [in_payroll(LEAVE_A, "4"), in_payroll(LEAVE_B, "5", absenceType="")],
    )
    assert quarantine == ()
    assert [(r.key, r.action) for r in records] == [(LEAVE_A, "unchanged"), (LEAVE_B, "update")]
