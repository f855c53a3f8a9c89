"""The employee side of the hostile-input corpus: bad AlexisHR employees and their records."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.flows.hostile_corpus import (
    BORN,
    CONTROL,
    DUPLICATE,
    LOOK_ALIKE,
    NORWEGIAN_ID,
    NOT_DATE,
    NOT_NUMBER,
    NOT_RECORD,
    NUMBER,
    OBJECT,
    PLAUSIBLE,
    SOME_ID,
    TEXT,
    EmployeeKind,
    too_long,
)


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
