"""Every rule of the leave-type table, through the real flow: one company, one leave per case.

The scenario seeds one AlexisHR company with a leave type and an approved one-day leave for each
case below, runs the real employee sync and then the real absence sync once, and each
parametrised test checks its case against the payroll emulator's absences and the run's skipped
notes. Expected codes are written out by hand from the seed document and the issue.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from emulators.runtime import Emulators, Endpoints
from tasks.engine.changes import SyncReport
from tests.absence_support import (
    absences_by_leave,
    add_child,
    add_leave,
    add_leave_type,
    report_of,
    run_absences,
    skipped_notes,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

# "Vacation" is overridden too, to show that the seed name still wins over an override.
OVERRIDES = """
[absences.leave_type_overrides]
"Sabbatical" = "13"
"Velferds-permisjon" = "12"
"Vacation" = "21"
"""
YEAR_FROM, YEAR_TO = date(2026, 1, 1), date(2026, 12, 31)
FIRST_TUESDAY = date(2026, 1, 6)  # no Norwegian public holiday falls on a Tuesday in 2026


@dataclass(frozen=True)
class Case:
    """A leave type and what its (one-day, approved) leave must become in payroll.

    Attributes:
        name: the leave type's name.
        kind: its global kind (None: none).
        relation: the code on its `leaveTypeCode` relation (None: no relation).
        code: the expected payroll absence type; None when the leave must be skipped.
    """

    name: str
    kind: str | None
    relation: str | None
    code: str | None


def other_kind(code: str) -> str:
    """A kind that would map to another code, to show the name decides."""
    return "VACATION" if code != "04" else "SICK_LEAVE"


SEED_NAMES = {
    "Sick leave": "01", "Care of sick child": "02", "Self certified sick leave": "03",
    "Vacation": "04", "Off duty": "05", "Parental leave": "06", "Military service": "07",
    "Educational leave statutory": "10", "Educational leave non statutory": "11",
    "Other leaves statutory": "12", "Other leaves non statutory": "13",
    "Palliative care benefit": "14", "Care benefit sick child": "15",
    "Childcare sickness days": "16", "Training benefit": "17", "Pregnancy benefit": "18",
    "Maternity leave parental benefit": "19", "Care leave": "20", "Other absences": "21",
}  # fmt: skip

CASES: dict[str, Case] = {
    **{f"name: {n}": Case(n, other_kind(c), None, c) for n, c in SEED_NAMES.items()},
    "name variant: Self-certified sick leave": Case("Self-certified sick leave", None, None, "03"),
    "name variant: SELF CERTIFIED SICK LEAVE": Case("SELF CERTIFIED SICK LEAVE", None, None, "03"),
    "name variant: self-certified  sick-leave": Case(
        "self-certified  sick-leave", "VACATION", None, "03"
    ),
    "name variant: vacation": Case("vacation", None, None, "04"),
    "name variant: Off-Duty": Case("Off-Duty", "SICK_LEAVE", None, "05"),
    "name variant: PARENTAL LEAVE": Case("PARENTAL LEAVE", None, None, "06"),
    "name variant: Care-of-sick-child": Case("Care-of-sick-child", None, None, "02"),
    "kind: SICK_LEAVE": Case("Sykefravær", "SICK_LEAVE", None, "01"),
    "kind: CHILDCARE": Case("Barn syk", "CHILDCARE", None, "02"),
    "kind: VACATION": Case("Sommerferie", "VACATION", None, "04"),
    "kind: OFF_DUTY": Case("Permittert", "OFF_DUTY", None, "05"),
    "kind: PARENTAL_LEAVE": Case("Pappaperm", "PARENTAL_LEAVE", None, "06"),
    "relation: a code on a type without a table name": Case("Firmaferie", "VACATION", "12", "12"),
    "relation: wins over the seed name": Case("Vacation", "VACATION", "07", "07"),
    "relation: wins over the override": Case("Sabbatical", "OFF_DUTY", "11", "11"),
    "relation: not a payroll code, the name decides": Case("Parental leave", None, "08", "06"),
    "relation: not a payroll code, the kind decides": Case("Kurs", "OFF_DUTY", "99", "05"),
    "relation: not a payroll code, unmapped": Case("Ukjent kode", None, "SYK", None),
    "override: before the kind": Case("Sabbatical", "OFF_DUTY", None, "13"),
    "override: case- and hyphen-insensitive": Case("velferds permisjon", None, None, "12"),
    "unmapped: no name, relation, override or kind": Case("Velferd", None, None, None),
}

EXPECTED_NOTES = {
    "leave type 'Ukjent kode': 1 leave(s) skipped",
    "leave type 'Velferd': 1 leave(s) skipped",
}


@dataclass(frozen=True)
class Scenario:
    """The company after one absence run: the leave id of each case, the payroll results."""

    tenant: TestTenant
    leave_ids: dict[str, str]
    days: dict[str, date]
    report: SyncReport
    notes: list[str]
    absences: dict[str, dict[str, Any]]
    child_id: str


@pytest.fixture(scope="module")
def scenario(
    prefect_harness: None,
    hub: tuple[Emulators, Endpoints],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Scenario]:
    emulators, endpoints = hub
    with pytest.MonkeyPatch.context() as monkeypatch:
        tenant = TestTenant.create(
            "absence-leave-types",
            emulators,
            endpoints,
            tmp_path_factory.mktemp("absence-leave-types"),
            monkeypatch,
            extra=OVERRIDES,
        )
        employee = tenant.add_employee(1)
        child = add_child(tenant, employee, "Ola", date(2018, 3, 4))
        tenant.employee_sync()
        leave_ids, days = {}, {}
        for index, (label, case) in enumerate(CASES.items()):
            type_id = add_leave_type(tenant, case.name, case.kind, case.relation)
            day = FIRST_TUESDAY + timedelta(weeks=index)
            extra: dict[str, Any] = {"childId": child} if case.code == "02" else {}
            leave_ids[label] = add_leave(tenant, employee, type_id, day, **extra)
            days[label] = day
        state = run_absences(tenant, YEAR_FROM, YEAR_TO)
        [payroll_child] = tenant.payroll.children("1")
        yield Scenario(
            tenant,
            leave_ids,
            days,
            report_of(state),
            skipped_notes(tenant, state),
            absences_by_leave(tenant),
            payroll_child["childId"],
        )


def expected_absence(case: Case, leave_id: str, day: date, child_id: str) -> dict[str, str]:
    """What payroll must hold for the case's leave (the rules of the issue, by hand)."""
    assert case.code is not None
    return {
        "empId": "1",
        "externalId": leave_id,
        "absenceType": case.code,
        "startDate": f"{day.isoformat()} 00:00:00",
        "endDate": f"{day.isoformat()} 00:00:00",
        "percent": "100",
        "comment": case.name,  # the leave has no description
        "approved": "1",
        "childId": child_id if case.code == "02" else "",
        "startdateParental": day.isoformat() if case.code == "06" else "",
        "numberOfDays": "1" if case.code == "04" else "",
    }


@pytest.mark.parametrize("label", [k for k, c in CASES.items() if c.code is not None])
def test_the_leave_becomes_its_payroll_absence_type(scenario: Scenario, label: str) -> None:
    case, leave_id = CASES[label], scenario.leave_ids[label]
    absence = scenario.absences.get(leave_id)
    assert absence is not None, f"leave {label!r} was not exported"
    expected = expected_absence(case, leave_id, scenario.days[label], scenario.child_id)
    assert {k: absence[k] for k in expected} == expected


@pytest.mark.parametrize("label", [k for k, c in CASES.items() if c.code is None])
def test_an_unmapped_leave_is_skipped_and_listed_by_its_type_name(
    scenario: Scenario, label: str
) -> None:
    assert scenario.leave_ids[label] not in scenario.absences
    name = CASES[label].name
    [note] = [n for n in scenario.notes if f"'{name}'" in n]
    assert note.startswith(f"leave type '{name}': 1 leave(s) skipped")
    assert "not mapped" in note


def test_nothing_else_is_skipped_or_held_back(scenario: Scenario) -> None:
    assert {n.split(", not mapped")[0] for n in scenario.notes} == EXPECTED_NOTES
    summary = scenario.report.summary
    mapped = sum(c.code is not None for c in CASES.values())
    assert (summary.quarantined, summary.failed, summary.rejected) == (0, 0, 0)
    assert summary.created == mapped + 1  # every mapped leave, and the child
    assert len(scenario.absences) == mapped


def test_the_sick_child_is_registered_once_for_all_its_leave(scenario: Scenario) -> None:
    [child] = scenario.tenant.payroll.children("1")
    assert (child["firstnamn"], child["surname"], child["birthdate"]) == (
        "Ola",
        "Nordmann 1",  # a lone first name takes the parent's last name
        "2018-03-04",
    )
    sick_child = [a for a in scenario.absences.values() if a["absenceType"] == "02"]
    assert len(sick_child) == 3  # the seed name, its hyphenated variant, the CHILDCARE kind
    assert {a["childId"] for a in sick_child} == {child["childId"]}
