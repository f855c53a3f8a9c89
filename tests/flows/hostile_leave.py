"""The absence side of the hostile-input corpus: bad leave, leave types and children."""

from __future__ import annotations

from datetime import date

from tests.flows.hostile_corpus import (
    BORN,
    CONTROL,
    LOOK_ALIKE,
    NOT_NUMBER,
    PLAUSIBLE,
    TEXT,
    LeaveKind,
    too_long,
)

LEAVE_KINDS: dict[str, LeaveKind] = {
    "leave status: new value ESCALATED": LeaveKind(
        "status", "is not a leave status AlexisHR documents", {"status": "ESCALATED"}
    ),
    "leave status: null": LeaveKind("status", TEXT, corrupt={"leave": {"status": None}}),
    "leave duration: new value quarter_day": LeaveKind(
        "duration", "is not a leave duration AlexisHR documents", {"duration": "quarter_day"}
    ),
    "leave: starts 1899": LeaveKind("startDate", PLAUSIBLE, {"startDate": date(1899, 10, 5)}),
    "leave: ends 2200": LeaveKind("endDate", PLAUSIBLE, {"endDate": date(2200, 10, 9)}),
    "leave description: ANSI escape": LeaveKind(
        "description", CONTROL, {"description": "Ferie \x1b[31mrød\x1b[0m"}
    ),
    "leave description: right-to-left override": LeaveKind(
        "description", CONTROL, {"description": "Ferie \u202eeirof"}
    ),
    "leave description: 300 characters": LeaveKind(
        "description", too_long(255), {"description": "F" * 300}
    ),
    "leave gradePercentage: text": LeaveKind(
        "gradePercentage", NOT_NUMBER, code="01", corrupt={"leave": {"gradePercentage": "half"}}
    ),
    "leave gradePercentage: 150": LeaveKind(
        "gradePercentage", "between 0 and 100", {"gradePercentage": 150}, code="01"
    ),
    "leave typeId: a number": LeaveKind("typeId", TEXT, corrupt={"leave": {"typeId": 42}}),
    "leave type: name a number": LeaveKind("type.name", TEXT, corrupt={"leave-type": {"name": 7}}),
    "child name: escape character": LeaveKind(
        "child.name", CONTROL, code="02", child={"name": "Ola\x1b Nordmann"}
    ),
    "child birth date: 1850": LeaveKind(
        "child.birthdate", BORN, code="02", child={"birthdate": date(1850, 3, 1)}
    ),
    "child name: a number": LeaveKind(
        "child.name", TEXT, code="02", child={}, corrupt={"child": {"name": 5}}
    ),
    "employee number: superscript three, with approved leave": LeaveKind(
        "employeeNumber", LOOK_ALIKE, number="³"
    ),
}
