"""Every rule of the employee mapping, through the real flow: one company, one employee per case.

The scenario seeds one AlexisHR company with an employee for each case below, prepares the few
payroll records some cases need, runs the real employee sync once, and each parametrised test
checks its case against the payroll emulator and the run's quarantine. Expected values are
written out here by hand from the issue's rules, never computed with the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emulators.runtime import Emulators, Endpoints
from emulators.seed.people import broken_check_digit, d_number
from tasks.engine.changes import SyncReport
from tests.support import TestTenant, valid_fnr, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness")

FNR = valid_fnr(0)
# One person, one fødselsnummer: employees sharing one are held back, so each case has its own.
FNR_6, FNR_7, FNR_11, FNR_12 = (valid_fnr(n) for n in (6, 7, 11, 12))
DNR = d_number("01049042287")  # 41049042270: the D-number of a valid fødselsnummer
KONTONR = valid_kontonummer(0)
SE_IBAN = "SE4550000000058398257466"
DE_IBAN = "DE89370400440532013000"
OSLO_NEW_YEAR = "2023-12-31T23:00:00.000Z"  # 1 January 2024, local midnight in Oslo, as UTC


def bank(**fields: Any) -> dict[str, Any]:
    """A Norwegian DNB salary account, with `fields` replaced."""
    account = {"bank": "DNB", "country": "NO", "number": KONTONR, "iban": None}
    return {**account, "bic": "DNBANOKK", "clearing": None, **fields}


def home(**fields: Any) -> dict[str, Any]:
    """A home address in Oslo, with `fields` replaced."""
    return {"street": "Storgata 1", "postalCode": "0155", "city": "Oslo", "country": "NO", **fields}


def ended(digit: str) -> dict[str, Any]:
    """An employment that ended, with end-date reason `digit` in its note."""
    return {"endDate": date(2024, 6, 30), "note": f"2130102:{digit}", "terminated": True}


@dataclass(frozen=True)
class Synced:
    """An employee that must reach payroll with (at least) the given field values.

    Attributes:
        number: the AlexisHR employee number.
        hr: keyword arguments of `TestTenant.add_employee`.
        employee: expected payroll employee fields (`internationalID` compared whole).
        employments: expected payroll employments without their id, in AlexisHR order.
        payroll_before: an employee record put into payroll by hand before the sync.
    """

    number: str
    hr: dict[str, Any]
    employee: dict[str, Any] = field(default_factory=dict)
    employments: list[dict[str, str]] | None = None
    payroll_before: dict[str, Any] | None = None


@dataclass(frozen=True)
class Quarantined:
    """An employee that must be held back, with the field and reason the quarantine names."""

    number: str
    hr: dict[str, Any]
    field: str
    reason: str
    by_hr_id: bool = False  # named by AlexisHR id, having no usable employee number


def employment(**fields: str) -> dict[str, str]:
    """A payroll employment as the sync writes a default AlexisHR employment, with changes."""
    return {
        "startdate": "2020-03-01",
        "enddate": "",
        "employment_form": "fast",
        "employment_rate": "100.00",
        "profession_code": "2130102",
        "enddate_reason": "",
        "working_times": "ikkeSkift",
        "employment_type": "ordinaertArbeidsforhold",
        **fields,
    }


SYNCED = {
    # empId
    "empId: the employee number": Synced("1", {}, {"empId": "1"}),
    "empId: leading zeros dropped": Synced("0099", {}, {"empId": "99"}),
    # email
    "email: work e-mail": Synced("2", {"workEmail": "ola@firma.no"}, {"email": "ola@firma.no"}),
    "email: private e-mail when no work e-mail": Synced(
        "3", {"workEmail": None, "privateEmail": "ola@privat.no"}, {"email": "ola@privat.no"}
    ),
    "email: private e-mail when the work e-mail is blank": Synced(
        "4", {"workEmail": "  ", "privateEmail": "per@privat.no"}, {"email": "per@privat.no"}
    ),
    # names
    "firstname and lastname": Synced(
        "5",
        {"firstName": "Åse Marie", "lastName": "Ødegård-Lie"},
        {"firstname": "Åse Marie", "lastname": "Ødegård-Lie"},
    ),
    # personnr and internationalID
    "personnr: fødselsnummer, internationalID from ssn and nationality": Synced(
        "6",
        {"ssn": FNR_6, "nationality": "NO"},
        {
            "personnr": FNR_6,
            "internationalID": {"type": "socialSecurityNumber", "ID": FNR_6, "countryCode": "NO"},
        },
    ),
    "personnr: digits only": Synced(
        "7",
        {"ssn": f"{FNR_7[:6]} {FNR_7[6:]}"},
        {"personnr": FNR_7, "internationalID": {"type": "socialSecurityNumber", "ID": FNR_7,
                                              "countryCode": "NO"}},
    ),
    "personnr: D-number": Synced(
        "8", {"ssn": DNR, "nationality": "PL"},
        {"personnr": DNR,
         "internationalID": {"type": "socialSecurityNumber", "ID": DNR, "countryCode": "PL"}},
    ),
    "personnr: empty for a foreign ssn, which still goes to internationalID": Synced(
        "9",
        {"ssn": "19800517-1234", "nationality": "SE"},
        {"personnr": "",
         "internationalID": {"type": "socialSecurityNumber", "ID": "198005171234",
                             "countryCode": "SE"}},
    ),
    "vacation_days: 25": Synced("10", {}, {"vacation_days": "25"}),
    "internationalID.countryCode: country name Norway": Synced(
        "11", {"ssn": FNR_11, "nationality": "Norway"},
        {"internationalID": {"type": "socialSecurityNumber", "ID": FNR_11,
                             "countryCode": "NO"}},
    ),
    "internationalID.countryCode: lower-case code": Synced(
        "12", {"ssn": FNR_12, "nationality": "se"},
        {"internationalID": {"type": "socialSecurityNumber", "ID": FNR_12,
                             "countryCode": "SE"}},
    ),
    # home address
    "postaddress, city, zipcode, countryCode": Synced(
        "13",
        {"homeAddress": home(street="Kirkeveien 64B", postalCode="0364", city="OSLO")},
        {"postaddress": "Kirkeveien 64B", "city": "OSLO", "zipcode": "0364", "countryCode": "NO"},
    ),
    "countryCode: country name, foreign postal code as it is": Synced(
        "14",
        {"homeAddress": home(street="Drottninggatan 1", postalCode="111 51", city="Stockholm",
                             country="Sweden")},
        {"postaddress": "Drottninggatan 1", "zipcode": "111 51", "city": "Stockholm",
         "countryCode": "SE"},
    ),
    # bank account
    "account: Norwegian account number, bic, clearingno": Synced(
        "15",
        {"bankAccount": bank(bic="DNBANOKK", clearing="8327-9")},
        {"account": KONTONR, "bic": "DNBANOKK", "clearingno": "8327-9"},
    ),
    "account: number when the account has no country": Synced(
        "16", {"bankAccount": bank(country=None)}, {"account": KONTONR}
    ),
    "account: number when the account's country is spelled Norway": Synced(
        "17", {"bankAccount": bank(country="Norway")}, {"account": KONTONR}
    ),
    "account: digits of a number written with dots": Synced(
        "18",
        {"bankAccount": bank(number=f"{KONTONR[:4]}.{KONTONR[4:6]}.{KONTONR[6:]}")},
        {"account": KONTONR},
    ),
    "account: IBAN of a foreign account, bic upper-cased": Synced(
        "19",
        {"bankAccount": bank(country="SE", number="5000 0000 0583 9825 7466",
                             iban="se45 5000 0000 0583 9825 7466", bic="eskdsess")},
        {"account": SE_IBAN, "bic": "ESKDSESS"},
    ),
    "account: IBAN of a German account": Synced(
        "20", {"bankAccount": bank(country="DE", number=None, iban=DE_IBAN, bic=None)},
        {"account": DE_IBAN, "bic": ""},
    ),
    "account: kept in payroll when HR has no bank account": Synced(
        "21",
        {"bankAccount": None},
        {"account": KONTONR},
        payroll_before={"empId": "21", "firstname": "Kari", "lastname": "Før",
                        "account": KONTONR},
    ),
    # salary
    "salary: monthly, two decimals": Synced(
        "22", {"compensations": [{"amount": 48000.5}]},
        {"salary_type": "monthly", "salary": "48000.50", "salary_valid_from": "2024-01-01"},
    ),
    "salary: the compensation with the most recent effectiveDate": Synced(
        "23",
        {"compensations": [
            {"amount": 61000, "effectiveDate": date(2025, 2, 1)},
            {"amount": 70000, "effectiveDate": date(2023, 1, 1)},
            {"amount": 55000, "effectiveDate": date(2024, 6, 1)},
        ]},
        {"salary_type": "monthly", "salary": "61000.00", "salary_valid_from": "2025-02-01"},
    ),
    "salary_type: HOURLY is hourly": Synced(
        "24", {"compensations": [{"amount": 245.5, "payoutPeriod": "HOURLY"}]},
        {"salary_type": "hourly", "salary": "245.50"},
    ),
    "salary_type: ANNUAL is monthly, amount / 12": Synced(
        "25", {"compensations": [{"amount": 600000, "payoutPeriod": "ANNUAL"}]},
        {"salary_type": "monthly", "salary": "50000.00"},
    ),
    "salary: ANNUAL / 12 rounded to øre": Synced(
        "26", {"compensations": [{"amount": 100000, "payoutPeriod": "ANNUAL"}]},
        {"salary_type": "monthly", "salary": "8333.33"},
    ),
    "salary: ANNUAL / 12 rounded half up": Synced(
        "27", {"compensations": [{"amount": 100010, "payoutPeriod": "ANNUAL"}]},
        {"salary": "8334.17"},
    ),
    "salary: kept in payroll when HR has no compensation": Synced(
        "28",
        {"compensations": []},
        {"salary_type": "hourly", "salary": "199.00", "salary_valid_from": "2022-05-01"},
        payroll_before={"empId": "28", "firstname": "Kari", "lastname": "Før",
                        "salary_type": "hourly", "salary": "199",
                        "salary_valid_from": "2022-05-01"},
    ),
    "salary_valid_from: local date of a UTC instant": Synced(
        "29", {"compensations": [{"effectiveDate": OSLO_NEW_YEAR}]},
        {"salary_valid_from": "2024-01-01"},
    ),
    # employments
    "employment: the default employment": Synced("30", {}, employments=[employment()]),
    "employment: startdate is the local date of a UTC instant": Synced(
        "31", {"employments": [{"startDate": OSLO_NEW_YEAR}]},
        employments=[employment(startdate="2024-01-01")],
    ),
    "employment: startdate in summer time (UTC+2)": Synced(
        "39", {"employments": [{"startDate": "2024-06-30T22:00:00.000Z"}]},
        employments=[employment(startdate="2024-07-01")],
    ),
    "employment_form: temporary type is midlertidig": Synced(
        "32", {"employment_type": "Temporary contract"},
        employments=[employment(employment_form="midlertidig")],
    ),
    "employment_form: TEMPORARY in any case is midlertidig": Synced(
        "33", {"employment_type": "Vikariat (TEMPORARY)"},
        employments=[employment(employment_form="midlertidig")],
    ),
    "employment_form: any other type is fast": Synced(
        "34", {"employment_type": "Permanent"}, employments=[employment(employment_form="fast")]
    ),
    "employment_rate: 80 is 80.00": Synced(
        "35", {"employments": [{"rate": 80}]}, employments=[employment(employment_rate="80.00")]
    ),
    "employment_rate: 37.5 is 37.50": Synced(
        "36", {"employments": [{"rate": 37.5}]}, employments=[employment(employment_rate="37.50")]
    ),
    "profession_code: note before the colon, no reason without end date": Synced(
        "37", {"employments": [{"note": "3112101:3"}]},
        employments=[employment(profession_code="3112101")],
    ),
    "profession_code: empty without a note": Synced(
        "38", {"employments": [{"note": None}]}, employments=[employment(profession_code="")]
    ),
    "enddate_reason 1": Synced("41", {"employments": [ended("1")]}, employments=[employment(
        enddate="2024-06-30", enddate_reason="arbeidsforholdetSkulleAldriVaertRapportert")]),
    "enddate_reason 2": Synced("42", {"employments": [ended("2")]}, employments=[employment(
        enddate="2024-06-30", enddate_reason="arbeidsgiverHarSagtOppArbeidstaker")]),
    "enddate_reason 3": Synced("43", {"employments": [ended("3")]}, employments=[employment(
        enddate="2024-06-30", enddate_reason="arbeidstakerHarSagtOppSelv")]),
    "enddate_reason 4": Synced("44", {"employments": [ended("4")]}, employments=[employment(
        enddate="2024-06-30", enddate_reason="byttetLoenssystemEllerRegnskapsfoerer")]),
    "enddate_reason 5": Synced("45", {"employments": [ended("5")]}, employments=[employment(
        enddate="2024-06-30",
        enddate_reason="endringIOrganisasjonsstrukturEllerByttetJobbInternt")]),
    "enddate_reason 6": Synced("46", {"employments": [ended("6")]}, employments=[employment(
        enddate="2024-06-30", enddate_reason="kontraktEngasjementEllerVikariatErUtloept")]),
    "employment: one payroll employment per AlexisHR employment": Synced(
        "47",
        {"employments": [
            {"startDate": date(2018, 1, 1), "endDate": date(2019, 12, 31), "note": "2130102:5"},
            {"startDate": date(2020, 1, 1), "rate": 60},
        ]},
        employments=[
            employment(startdate="2018-01-01", enddate="2019-12-31", enddate_reason=(
                "endringIOrganisasjonsstrukturEllerByttetJobbInternt")),
            employment(startdate="2020-01-01", employment_rate="60.00"),
        ],
    ),
}  # fmt: skip

QUARANTINED = {
    "employee number 0": Quarantined(
        "0", {}, "employeeNumber", "must be a positive whole number"
    ),
    "employee number not a number": Quarantined(
        "A12", {}, "employeeNumber", "must be a positive whole number"
    ),
    "employee number missing": Quarantined(
        "92", {"employeeNumber": None}, "employeeNumber", "must be a positive whole number",
        by_hr_id=True,
    ),
    "employee number blank": Quarantined(
        "93", {"employeeNumber": "  "}, "employeeNumber", "must be a positive whole number",
        by_hr_id=True,
    ),
    "duplicate employee number (first)": Quarantined(
        "50", {}, "employeeNumber", "is used by more than one employee"
    ),
    "duplicate employee number (second, with a leading zero)": Quarantined(
        "050", {}, "employeeNumber", "is used by more than one employee"
    ),
    "ssn: fødselsnummer with a wrong check digit": Quarantined(
        "51", {"ssn": broken_check_digit(FNR)}, "ssn", "mod-11"
    ),
    "ssn: D-number with a wrong check digit": Quarantined(
        "52", {"ssn": broken_check_digit(DNR)}, "ssn", "mod-11"
    ),
    "nationality: unknown country": Quarantined(
        "53", {"nationality": "Atlantis"}, "nationality", "is not an ISO 3166 country"
    ),
    "nationality missing while ssn is set (internationalID needs its country)": Quarantined(
        "72", {"nationality": None}, "nationality", "is required when internationalID.ID is set"
    ),
    "no ssn and no nationality: nobody payroll could report": Quarantined(
        "74", {"ssn": None, "nationality": None}, "ssn", "needs an international id"
    ),
    "e-mail payroll would refuse (held back by the payroll gate)": Quarantined(
        "73", {"workEmail": "kari@intranett"}, "workEmail, privateEmail", "wrong format"
    ),
    "first name missing (held back by the payroll gate)": Quarantined(
        "75", {"firstName": " "}, "firstName", "wrong length"
    ),
    "home country: unknown country": Quarantined(
        "54", {"homeAddress": home(country="Narnia")}, "homeAddress.country", "is not a country"
    ),
    "Norwegian postal code of 3 digits": Quarantined(
        "55", {"homeAddress": home(postalCode="155")}, "homeAddress.postalCode", "4 digits"
    ),
    "Norwegian postal code with a letter": Quarantined(
        "56", {"homeAddress": home(postalCode="O155")}, "homeAddress.postalCode", "4 digits"
    ),
    "Norwegian account failing mod-11": Quarantined(
        "57", {"bankAccount": bank(number=KONTONR[:10] + str((int(KONTONR[10]) + 1) % 10))},
        "bankAccount.number", "mod-11",
    ),
    "account without country failing mod-11": Quarantined(
        "58", {"bankAccount": bank(country=None, number="1234567890")},
        "bankAccount.number", "mod-11",
    ),
    "foreign account with an invalid IBAN": Quarantined(
        "59", {"bankAccount": bank(country="SE", number=None, iban=SE_IBAN[:-1] + "7")},
        "bankAccount.iban", "valid IBAN",
    ),
    "foreign account without an IBAN": Quarantined(
        "60", {"bankAccount": bank(country="DE", number="370400440532013000", iban=None)},
        "bankAccount.iban", "valid IBAN",
    ),
    "invalid BIC (held back by the payroll gate)": Quarantined(
        "61", {"bankAccount": bank(bic="DNBNOKK")}, "bankAccount.bic", "BIC"
    ),
    "compensation in EUR": Quarantined(
        "62", {"compensations": [{"currency": "EUR"}]}, "compensation.currency", "NOK"
    ),
    "latest compensation in EUR, older in NOK": Quarantined(
        "63",
        {"compensations": [{"effectiveDate": date(2022, 1, 1)},
                           {"currency": "EUR", "effectiveDate": date(2024, 1, 1)}]},
        "compensation.currency", "NOK",
    ),
    "payout period WEEKLY": Quarantined(
        "64", {"compensations": [{"payoutPeriod": "WEEKLY"}]},
        "compensation.payoutPeriod", "MONTHLY, HOURLY or ANNUAL",
    ),
    "employment type does not exist": Quarantined(
        "65", {"employments": [{"typeId": "0123456789abcdef01234567"}]},
        "typeId", "refers to no employment type",
    ),
    "note malformed": Quarantined(
        "66", {"employments": [{"note": "21301:x"}]}, "note", "7-digit profession code"
    ),
    "note with a 6-digit profession code": Quarantined(
        "67", {"employments": [{"note": "213010"}]}, "note", "7-digit profession code"
    ),
    "note with an end-date reason outside 1-6": Quarantined(
        "68", {"employments": [{"note": "2130102:9"}]}, "note", "7-digit profession code"
    ),
    "end date without a reason in the note": Quarantined(
        "69", {"employments": [{"endDate": date(2024, 6, 30), "note": "2130102"}]},
        "note", "needs an end-date reason",
    ),
    "end date without a note": Quarantined(
        "70", {"employments": [{"endDate": date(2024, 6, 30), "note": None}]},
        "note", "needs an end-date reason",
    ),
    "end date before start date": Quarantined(
        "71",
        {"employments": [{"startDate": date(2024, 6, 1), "endDate": date(2024, 5, 31),
                          "note": "2130102:3"}]},
        "endDate", "is before the start date",
    ),
}  # fmt: skip

ADOPTED_NUMBER = "80"
ADOPTED_START = date(2019, 3, 1)


@dataclass(frozen=True)
class Outcome:
    """The scenario after its one sync run."""

    tenant: TestTenant
    report: SyncReport
    hr_ids: dict[str, str]  # employee number → AlexisHR employee id
    adopted_id: str  # the id payroll gave the employment typed in by hand


@pytest.fixture(scope="module")
def scenario(
    prefect_harness: None,
    hub: tuple[Emulators, Endpoints],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Outcome]:
    emulators, endpoints = hub
    with pytest.MonkeyPatch.context() as monkeypatch:
        tenant = TestTenant.create(
            "mapping", emulators, endpoints, tmp_path_factory.mktemp("mapping"), monkeypatch
        )
        hr_ids = {}
        for case in [*SYNCED.values(), *QUARANTINED.values()]:
            hr_ids[case.number] = tenant.add_employee(case.number, **case.hr)["id"]
            if isinstance(case, Synced) and case.payroll_before:
                tenant.payroll.put_employee(case.payroll_before)
        hr_ids[ADOPTED_NUMBER] = tenant.add_employee(
            ADOPTED_NUMBER, employments=[{"startDate": ADOPTED_START, "rate": 50}]
        )["id"]
        tenant.payroll.put_employee({"empId": "80", "firstname": "Kari", "lastname": "Før"})
        by_hand = tenant.payroll.put_employment(
            "80", {"startdate": ADOPTED_START.isoformat(), "employment_form": "fast",
                   "employment_rate": "100"},
        )  # fmt: skip
        report = tenant.employee_sync().result()
        yield Outcome(tenant, report, hr_ids, by_hand["employment_id"])


def label(outcome: Outcome, case: Quarantined) -> str:
    """How the quarantine names the case's employee."""
    return f"AlexisHR id {outcome.hr_ids[case.number]}" if case.by_hr_id else case.number


def payroll_employee(outcome: Outcome, emp_id: str) -> dict[str, Any]:
    found = [e for e in outcome.tenant.payroll.employees() if e["empId"] == emp_id]
    assert len(found) == 1, f"payroll has {len(found)} employees {emp_id}"
    return found[0]


def hr_employment_ids(outcome: Outcome, number: str) -> list[str]:
    employee_id = outcome.hr_ids[number]
    return [
        e["id"] for e in outcome.tenant.alexis.all("employment") if e["employeeId"] == employee_id
    ]


@pytest.mark.parametrize(
    "case",
    [c for c in SYNCED.values() if c.employee],
    ids=[k for k, c in SYNCED.items() if c.employee],
)
def test_synced_employee_fields(scenario: Outcome, case: Synced) -> None:
    emp_id = case.employee.get("empId", case.number)
    employee = payroll_employee(scenario, emp_id)

    assert {name: employee[name] for name in case.employee} == case.employee


@pytest.mark.parametrize(
    "case",
    [c for c in SYNCED.values() if c.employments is not None],
    ids=[k for k, c in SYNCED.items() if c.employments is not None],
)
def test_synced_employments(scenario: Outcome, case: Synced) -> None:
    stored = scenario.tenant.payroll.employments(case.number)

    assert [e["employment_id"] for e in stored] == hr_employment_ids(scenario, case.number)
    assert [{k: e[k] for k in (case.employments or [{}])[0]} for e in stored] == case.employments


@pytest.mark.parametrize("case", QUARANTINED.values(), ids=QUARANTINED.keys())
def test_quarantined_employee(scenario: Outcome, case: Quarantined) -> None:
    rows = [q for q in scenario.report.quarantine if q["employee"] == label(scenario, case)]

    assert [(q["field"], case.reason in q["reason"]) for q in rows] == [(case.field, True)]
    assert case.number.lstrip("0") not in {e["empId"] for e in scenario.tenant.payroll.employees()}


def test_quarantine_lists_exactly_the_quarantined_cases(scenario: Outcome) -> None:
    assert sorted({q["employee"] for q in scenario.report.quarantine}) == sorted(
        label(scenario, c) for c in QUARANTINED.values()
    )
    assert scenario.report.summary.quarantined == len(QUARANTINED)


def test_every_synced_case_and_nobody_else_reaches_payroll(scenario: Outcome) -> None:
    expected = {c.employee.get("empId", c.number) for c in SYNCED.values()} | {ADOPTED_NUMBER}

    assert {e["empId"] for e in scenario.tenant.payroll.employees()} == expected


def test_employment_typed_in_by_hand_is_adopted_by_start_date(scenario: Outcome) -> None:
    stored = scenario.tenant.payroll.employments(ADOPTED_NUMBER)

    assert [(e["employment_id"], e["startdate"], e["employment_rate"]) for e in stored] == [
        (scenario.adopted_id, "2019-03-01", "50.00")
    ]
    assert scenario.adopted_id not in hr_employment_ids(scenario, ADOPTED_NUMBER)


@pytest.mark.parametrize(
    ("timezone", "expected"),
    # Auckland's midnight is the previous day in Oslo: reading in Oslo time would be a day off.
    [("America/New_York", "2024-01-01"), ("Pacific/Auckland", "2024-01-01")],
)
def test_dates_are_local_dates_of_the_tenants_time_zone(
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    timezone: str,
    expected: str,
) -> None:
    slug = timezone.lower().replace("/", "-").replace("_", "-")
    tenant = TestTenant.create(
        f"tz-{slug}", emulators, endpoints, tmp_path, monkeypatch, timezone=timezone
    )
    tenant.alexis.timezone = timezone  # the company keeps local midnights of its own zone
    new_year = date(2024, 1, 1)
    tenant.add_employee(
        "1", employments=[{"startDate": new_year}], compensations=[{"effectiveDate": new_year}]
    )

    tenant.employee_sync().result()

    assert [e["startdate"] for e in tenant.payroll.employments("1")] == [expected]
    assert payroll_salary_from(tenant) == expected


def test_a_utc_tenant_reads_an_oslo_midnight_as_the_day_before(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = TestTenant.create("tz-utc-oslo", emulators, endpoints, tmp_path, monkeypatch,
                               timezone="UTC")  # fmt: skip
    tenant.add_employee(
        "1",
        employments=[{"startDate": OSLO_NEW_YEAR}],
        compensations=[{"effectiveDate": OSLO_NEW_YEAR}],
    )

    tenant.employee_sync().result()

    assert [e["startdate"] for e in tenant.payroll.employments("1")] == ["2023-12-31"]
    assert payroll_salary_from(tenant) == "2023-12-31"


def payroll_salary_from(tenant: TestTenant) -> str:
    return str(tenant.payroll.employee("1")["salary_valid_from"])
