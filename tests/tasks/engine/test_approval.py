"""Splitting a change set for approval: which field changes wait, and what each part sends."""

from __future__ import annotations

import pytest

from schemas.approval import ApprovalSettings, BrakeSettings
from tasks.employees.risky import risk_rules
from tasks.engine.approval import brake_reason, counts_per_field, hold_risky, merge
from tasks.engine.approval_pause import ApprovalInput, Decision, chosen
from tasks.engine.changes import ChangeSet, FieldChange, RecordChange

ACCOUNT = FieldChange("account", "15034021350", "15039119876")
RULES = risk_rules(ApprovalSettings())


def update(employee: str, *changes: FieldChange, entity: str = "employee") -> RecordChange:
    payload = {"empId": employee, **{c.field.partition(".")[0]: c.new for c in changes}}
    return RecordChange(entity, "update", employee, employee, changes, payload)


def salary(old: str, new: str) -> tuple[FieldChange, ...]:
    return (FieldChange("salary", old, new), FieldChange("salary_valid_from", "2024-01-01",
                                                         "2026-01-01"))  # fmt: skip


def test_an_account_change_is_held_and_the_rest_of_the_record_goes_at_once() -> None:
    name = FieldChange("lastname", "Hansen", "Olsen")
    changes = ChangeSet("acme", (update("7", name, ACCOUNT), update("8", name)))

    hold = hold_risky(changes, RULES)

    assert [(r.employee, r.payload) for r in hold.now.records] == [
        ("7", {"empId": "7", "lastname": "Olsen"}), ("8", {"empId": "8", "lastname": "Olsen"})
    ]  # fmt: skip
    assert [(r.employee, r.payload) for r in hold.held.records] == [
        ("7", {"empId": "7", "account": "15039119876"})
    ]
    assert hold.lines == ("employee 7 · account: (changed)",)
    assert "15039119876" not in str(hold.lines) and "15034021350" not in str(hold.lines)


def test_merging_the_approved_part_gives_back_the_whole_record() -> None:
    name = FieldChange("lastname", "Hansen", "Olsen")
    record = update("7", name, ACCOUNT)
    hold = hold_risky(ChangeSet("acme", (record,)), RULES)

    merged = merge(hold.now, hold.held.records, ())

    assert merged.records == (record,)


@pytest.mark.parametrize(
    ("old", "new", "held"),
    [("50000", "55000", False), ("50000", "55001", True), ("50000", "44999", True),
     ("", "50000", True)],
)  # fmt: skip
def test_a_salary_is_held_above_the_percentage_with_its_group(
    old: str, new: str, held: bool
) -> None:
    hold = hold_risky(ChangeSet("acme", (update("7", *salary(old, new)),)), RULES)

    assert hold.waiting is held
    if held:  # the salary's date travels with it
        assert set(hold.held.records[0].payload) == {"empId", "salary", "salary_valid_from"}


def test_always_holds_every_risky_change_below_the_thresholds() -> None:
    changes = ChangeSet("acme", (update("7", *salary("50000", "50001")),))

    assert not hold_risky(changes, RULES).waiting
    assert hold_risky(changes, RULES, always=True).waiting


def test_creates_and_unlisted_fields_are_never_held() -> None:
    create = RecordChange("employee", "create", "9", "9", (ACCOUNT,), {"empId": "9"})
    rules = risk_rules(ApprovalSettings(fields=("enddate",)))

    assert not hold_risky(ChangeSet("acme", (create,)), RULES).waiting
    assert not hold_risky(ChangeSet("acme", (update("7", ACCOUNT),)), rules).waiting
    assert not hold_risky(
        ChangeSet("acme", (update("7", ACCOUNT),)), risk_rules(ApprovalSettings(enabled=False))
    ).waiting


def test_the_brake_trips_one_above_its_limits() -> None:
    brake = BrakeSettings(max_share=0.25, max_per_field=2)
    name = FieldChange("lastname", "A", "B")
    two = ChangeSet("acme", tuple(update(str(n), name) for n in (1, 2)))
    three = ChangeSet("acme", tuple(update(str(n), name) for n in (1, 2, 3)))

    assert counts_per_field(three) == {"lastname": 3}
    assert brake_reason(two, 8, brake) is None
    assert (brake_reason(three, 8, brake) or "").startswith(
        "mass-change brake: the run would change 3 of 8 employees (lastname on 3"
    )
    assert brake_reason(three, 100, BrakeSettings(max_share=0.25, max_per_field=3)) is None


def test_the_answer_chooses_the_records() -> None:
    held = ChangeSet("acme", (update("7", ACCOUNT), update("8", ACCOUNT)))
    some = ApprovalInput(decision=Decision.reject_listed, reject_employees=["8"])

    assert [r.employee for r in chosen(held, some)[0]] == ["7"]
    assert chosen(held, None) == ((), held.records)
    assert chosen(held, ApprovalInput(decision=Decision.approve_all)) == (held.records, ())


def test_an_end_date_is_held_with_its_reason_and_the_employment_key() -> None:
    end = (FieldChange("enddate", "", "2026-12-31"), FieldChange("enddate_reason", "", "1"))
    form = FieldChange("employment_form", "fast", "midlertidig")
    record = RecordChange(
        "employment", "update", "7", "e-1", (*end, form),
        {"employment_id": "e-1", "enddate": "2026-12-31", "enddate_reason": "1",
         "employment_form": "midlertidig"},
    )  # fmt: skip

    hold = hold_risky(ChangeSet("acme", (record,)), RULES)

    assert hold.held.records[0].payload == {
        "employment_id": "e-1", "enddate": "2026-12-31", "enddate_reason": "1"
    }  # fmt: skip
    assert hold.now.records[0].payload == {"employment_id": "e-1", "employment_form": "midlertidig"}
    assert hold.lines == (
        "employee 7 · employment e-1 · enddate: ∅ → 2026-12-31",
        "employee 7 · employment e-1 · enddate_reason: ∅ → 1",
    )


def test_always_holds_on_a_first_sync_and_with_approval_off() -> None:
    from schemas.tenant import TenantConfig
    from tasks.employees.risky import hold_changes

    config = TenantConfig.model_validate({
        "name": "acme", "approval": {"enabled": False},
        "alexis": {"base_url": "http://127.0.0.1:1", "token": "env:HRSYNC_ACME_ALEXIS_TOKEN"},
        "payroll": {"base_url": "http://127.0.0.1:2", "token": "env:HRSYNC_ACME_PAYROLL_TOKEN"},
    })  # fmt: skip
    changes = ChangeSet("acme", (update("7", ACCOUNT),))

    assert not hold_changes(changes, config, 10, first=True).waiting
    assert not hold_changes(changes, config, 10, first=False).waiting
    assert hold_changes(changes, config, 10, first=True, always=True).waiting
