"""The hostile-input corpus: malformed AlexisHR records, each with the quarantine it must cause.

Every kind plants one bad record (or, for duplicates, the pair that collides) into a tenant
beside valid employees and leave. The expected field and reason are written out by hand from
the issue's rules; the reason is matched as a substring of the report's reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
TRIED: list[str] = []  # the kinds the session's tests tried, printed at its end (conftest.py)

NUMBER = "must be a positive whole number"
LOOK_ALIKE = "look-alike digits"
DUPLICATE = "is used by more than one employee"
CONTROL = "control characters or invisible text"
NORWEGIAN_ID = "a Norwegian national needs an 11-digit fødselsnummer or D-number"
SOME_ID = "needs an international id"
OBJECT = "must be an object in AlexisHR's answer"
TEXT = "must be text in AlexisHR's answer"
NOT_NUMBER = "must be a number in AlexisHR's answer"
NOT_DATE = "must be a date in AlexisHR's answer"
NOT_RECORD = "is not a JSON object in AlexisHR's answer"
PLAUSIBLE = "must be after 1900 and at most 5 years ahead"
BORN = "must be after 1900 and not in the future"


def too_long(limit: int) -> str:
    """The reason of a text longer than `limit` characters."""
    return f"is longer than the {limit} characters 24SevenOffice and the a-melding accept"


@dataclass(frozen=True)
class EmployeeKind:
    """A bad employee record (or a colliding pair) for the employee sync.

    Attributes:
        numbers: the employee number(s) planted; None for the next free plain number.
        hr: keyword arguments of `TestTenant.add_employee` that make it bad.
        corrupt: raw JSON values written over the stored record afterwards, by resource
            (`employee`, `employment`, `compensation`, `employment-type`).
        raw_row: a raw row answered in the list of this resource instead of an employee.
        field, reason: what the quarantine must say.
        by_id: named by AlexisHR id (no showable employee number); `label` names it otherwise.
    """

    hr: dict[str, Any] = field(default_factory=dict)
    numbers: tuple[str, ...] | None = None
    corrupt: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw_row: tuple[str, Any] | None = None
    field: str = ""
    reason: str = ""
    by_id: bool = False
    label: str | None = None


def _n(*numbers: str, **kind: Any) -> EmployeeKind:
    return EmployeeKind(numbers=numbers, **kind)


EMPLOYEE_KINDS: dict[str, EmployeeKind] = {
    # Employee numbers (issue 9: identity merge; one odd number must not stop the tenant)
    "number: superscript two": _n("²", field="employeeNumber", reason=LOOK_ALIKE),
    "number: Arabic-Indic digits": _n("١٣", field="employeeNumber", reason=LOOK_ALIKE),
    "number: full-width digits": _n("１４", field="employeeNumber", reason=LOOK_ALIKE),
    "number: circled digit": _n("⑦", field="employeeNumber", reason=LOOK_ALIKE),
    "number: leading space": _n(" 15", field="employeeNumber", reason=NUMBER, label="15"),
    "number: trailing space": _n("16 ", field="employeeNumber", reason=NUMBER, label="16"),
    "number: empty": _n("", field="employeeNumber", reason=NUMBER, by_id=True),
    "number: negative": _n("-17", field="employeeNumber", reason=NUMBER),
    "number: decimal": _n("18.0", field="employeeNumber", reason=NUMBER),
    "number: exponent": _n("1e3", field="employeeNumber", reason=NUMBER),
    "number: plus sign": _n("+19", field="employeeNumber", reason=NUMBER),
    "number: space inside": _n("2 9", field="employeeNumber", reason=NUMBER),
    "number: 30 digits": _n("1" * 30, field="employeeNumber", reason=NUMBER, by_id=True),
    "number: ten digits": _n("1234567890", field="employeeNumber", reason=NUMBER),
    "number: ANSI escape": _n("\x1b[31m21", field="employeeNumber", reason=CONTROL, by_id=True),
    "duplicate: 22 and full-width ２２": _n("22", "２２", field="employeeNumber", reason=DUPLICATE),
    "duplicate: 23 and Arabic-Indic ٢٣": _n("23", "٢٣", field="employeeNumber", reason=DUPLICATE),
    "duplicate: 24 and 024": _n("24", "024", field="employeeNumber", reason=DUPLICATE),
    "duplicate: 25 twice": _n("25", "25", field="employeeNumber", reason=DUPLICATE),
    # Identity numbers judged by nationality and by what the value looks like
    "ssn: Norwegian without ssn": EmployeeKind({"ssn": None}, field="ssn", reason=NORWEGIAN_ID),
    "ssn: Norwegian with 10 digits": EmployeeKind(
        {"ssn": "1602430126"}, field="ssn", reason=NORWEGIAN_ID
    ),
    "ssn: Norwegian with a letter": EmployeeKind(
        {"ssn": "1602430126X"}, field="ssn", reason=NORWEGIAN_ID
    ),
    "ssn: Norwegian with a wrong check digit": EmployeeKind(
        {"ssn": "16024301268"}, field="ssn", reason="mod-11"
    ),
    "ssn: Norwegian in full-width digits": EmployeeKind(
        {"ssn": "１６０２４３０１２６９"}, field="ssn", reason=NORWEGIAN_ID
    ),
    "ssn: Norwegian in Arabic-Indic digits": EmployeeKind(
        {"ssn": "١٦٠٢٤٣٠١٢٦٩"}, field="ssn", reason=NORWEGIAN_ID
    ),
    "ssn: Norway spelled out, no ssn": EmployeeKind(
        {"ssn": None, "nationality": "Norway"}, field="ssn", reason=NORWEGIAN_ID
    ),
    "ssn: zero-width space inside": EmployeeKind(
        {"ssn": "160243\u200b01269"}, field="ssn", reason=CONTROL
    ),
    "ssn: Swede without ssn": EmployeeKind(
        {"ssn": None, "nationality": "SE"}, field="ssn", reason=SOME_ID
    ),
    "ssn: Swede with a blank ssn": EmployeeKind(
        {"ssn": "   ", "nationality": "SE"}, field="ssn", reason=SOME_ID
    ),
    "ssn: Swede with only separators": EmployeeKind(
        {"ssn": "--", "nationality": "SE"}, field="ssn", reason=SOME_ID
    ),
    "ssn: neither ssn nor nationality": EmployeeKind(
        {"ssn": None, "nationality": None}, field="ssn", reason=SOME_ID
    ),
    # Control characters and unprintable text
    "firstName: bell character": EmployeeKind(
        {"firstName": "Kari\x07"}, field="firstName", reason=CONTROL
    ),
    "lastName: ANSI clear screen": EmployeeKind(
        {"lastName": "\x1b[2JNordmann"}, field="lastName", reason=CONTROL
    ),
    "firstName: right-to-left override": EmployeeKind(
        {"firstName": "\u202eiraK"}, field="firstName", reason=CONTROL
    ),
    "lastName: zero-width space": EmployeeKind(
        {"lastName": "Nord\u200bmann"}, field="lastName", reason=CONTROL
    ),
    "firstName: replacement character": EmployeeKind(
        {"firstName": "K\ufffdri"}, field="firstName", reason=CONTROL
    ),
    "lastName: private-use character": EmployeeKind(
        {"lastName": "Nordmann\ue000"}, field="lastName", reason=CONTROL
    ),
    "street: newline": EmployeeKind(
        {
            "homeAddress": {
                "street": "Storgata 1\nH0101",
                "postalCode": "0155",
                "city": "Oslo",
                "country": "NO",
            }
        },
        field="homeAddress.street",
        reason=CONTROL,
    ),  # fmt: skip
    "city: tab": EmployeeKind(
        {
            "homeAddress": {
                "street": "Storgata 1",
                "postalCode": "0155",
                "city": "Os\tlo",
                "country": "NO",
            }
        },
        field="homeAddress.city",
        reason=CONTROL,
    ),  # fmt: skip
    "workEmail: zero-width joiner": EmployeeKind(
        {"workEmail": "kari\u200d@firma.no"}, field="workEmail", reason=CONTROL
    ),
    "bankAccount.clearing: NUL": EmployeeKind(
        {"bankAccount": {"country": "NO", "number": "86011117947", "clearing": "83\x0027"}},
        field="bankAccount.clearing",
        reason=CONTROL,
    ),  # fmt: skip
    # Lengths beyond what payroll and the a-melding accept
    "firstName: 10 000 characters": EmployeeKind(
        {"firstName": "K" * 10_000}, field="firstName", reason=too_long(50)
    ),
    "lastName: 51 characters": EmployeeKind(
        {"lastName": "N" * 51}, field="lastName", reason=too_long(50)
    ),
    "street: 101 characters": EmployeeKind(
        {
            "homeAddress": {
                "street": "S" * 101,
                "postalCode": "0155",
                "city": "Oslo",
                "country": "NO",
            }
        },
        field="homeAddress.street",
        reason=too_long(100),
    ),  # fmt: skip
    "city: 51 characters": EmployeeKind(
        {
            "homeAddress": {
                "street": "Storgata 1",
                "postalCode": "0155",
                "city": "O" * 51,
                "country": "NO",
            }
        },
        field="homeAddress.city",
        reason=too_long(50),
    ),  # fmt: skip
    "workEmail: 255 characters": EmployeeKind(
        {"workEmail": "k" * 246 + "@firma.no"}, field="workEmail", reason=too_long(254)
    ),
    "postalCode: foreign, 11 characters": EmployeeKind(
        {
            "homeAddress": {
                "street": "Gatan 1",
                "postalCode": "1" * 11,
                "city": "Lund",
                "country": "SE",
            }
        },
        field="homeAddress.postalCode",
        reason=too_long(10),
    ),  # fmt: skip
    # Wrong JSON types and nulls where objects are expected
    "homeAddress: a string": EmployeeKind(
        corrupt={"employee": {"homeAddress": "x"}}, field="homeAddress", reason=OBJECT
    ),
    "bankAccount: an array": EmployeeKind(
        corrupt={"employee": {"bankAccount": []}}, field="bankAccount", reason=OBJECT
    ),
    "firstName: a number": EmployeeKind(
        corrupt={"employee": {"firstName": 123}}, field="firstName", reason=TEXT
    ),
    "bankAccount.number: a number": EmployeeKind(
        corrupt={"employee": {"bankAccount": {"country": "NO", "number": 86011117947}}},
        field="bankAccount.number",
        reason=TEXT,
    ),  # fmt: skip
    "birthDate: not a date": EmployeeKind(
        corrupt={"employee": {"birthDate": "yesterday"}}, field="birthDate", reason=NOT_DATE
    ),
    "employee list: a null row": EmployeeKind(
        raw_row=("employee", None),
        field="record",
        reason=NOT_RECORD,
        label="an unreadable AlexisHR employee record",
    ),  # fmt: skip
    "employment list: a null row": EmployeeKind(
        raw_row=("employment", None),
        field="record",
        reason=NOT_RECORD,
        label="an unreadable AlexisHR employment record",
    ),  # fmt: skip
    "employment: rate as text": EmployeeKind(
        corrupt={"employment": {"rate": "full"}}, field="rate", reason=NOT_NUMBER
    ),
    "employment: start date null": EmployeeKind(
        corrupt={"employment": {"startDate": None}}, field="startDate", reason="is required"
    ),
    "compensation: amount as text": EmployeeKind(
        corrupt={"compensation": {"amount": "lots"}},
        field="compensation.amount",
        reason=NOT_NUMBER,
    ),  # fmt: skip
    "employment type: name a number": EmployeeKind(
        {"employment_type": "Broken type"},
        corrupt={"employment-type": {"name": 7}},
        field="type.name",
        reason=TEXT,
    ),  # fmt: skip
    # Dates before 1900 or far in the future
    "employment: starts 1899": EmployeeKind(
        {"employments": [{"startDate": date(1899, 12, 31)}]}, field="startDate", reason=PLAUSIBLE
    ),
    "employment: starts 2200": EmployeeKind(
        {"employments": [{"startDate": date(2200, 1, 1)}]}, field="startDate", reason=PLAUSIBLE
    ),
    "employment: ends 2200": EmployeeKind(
        {"employments": [{"endDate": date(2200, 1, 1), "note": "2130102:3"}]},
        field="endDate",
        reason=PLAUSIBLE,
    ),  # fmt: skip
    "compensation: effective 1850": EmployeeKind(
        {"compensations": [{"effectiveDate": date(1850, 1, 1)}]},
        field="compensation.effectiveDate",
        reason=PLAUSIBLE,
    ),  # fmt: skip
    "birthDate: 1850": EmployeeKind(
        {"birthDate": date(1850, 5, 17)}, field="birthDate", reason=BORN
    ),  # fmt: skip
    "birthDate: 2100": EmployeeKind(
        {"birthDate": date(2100, 5, 17)}, field="birthDate", reason=BORN
    ),  # fmt: skip
    # Values AlexisHR may add to its enums, and references to nothing
    "payoutPeriod: new value FORTNIGHTLY": EmployeeKind(
        {"compensations": [{"payoutPeriod": "FORTNIGHTLY"}]},
        field="compensation.payoutPeriod",
        reason="MONTHLY, HOURLY or ANNUAL",
    ),  # fmt: skip
    "payoutPeriod: BI_WEEKLY": EmployeeKind(
        {"compensations": [{"payoutPeriod": "BI_WEEKLY"}]},
        field="compensation.payoutPeriod",
        reason="MONTHLY, HOURLY or ANNUAL",
    ),  # fmt: skip
    "employment type: unknown id": EmployeeKind(
        {"employments": [{"typeId": "0123456789abcdef01234567"}]},
        field="typeId",
        reason="refers to no employment type",
    ),  # fmt: skip
}


@dataclass(frozen=True)
class LeaveKind:
    """A bad leave (or a leave of a bad record) of a valid, synced employee.

    Attributes:
        leave: fields of the AlexisHR leave replacing the defaults (vacation, 5-9 Oct 2026).
        code: the payroll code of the leave's type (`02` for sick child leave).
        child: fields of the leave's child (sick-child leave), when it has one.
        corrupt: raw JSON values written over the stored `leave`, `child` or `leave-type`.
        number: an employee number of its own (the employee itself is the bad record).
    """

    field: str
    reason: str
    leave: dict[str, Any] = field(default_factory=dict)
    code: str = "04"
    child: dict[str, Any] | None = None
    corrupt: dict[str, dict[str, Any]] = field(default_factory=dict)
    number: str | None = None


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
