"""THE mapping table: how every 24SevenOffice integration field is made from AlexisHR data.

One row per payroll field, in the order of the seed document's table. Sources are named through
the pandera models (`HrEmployeeFrame.ssn` is the column `ssn`), so renaming a column breaks here,
loudly. `hrsync mapping` prints this table as Markdown for people who do not read Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from schemas import absence_conversions as a
from schemas import conversions as c
from schemas.hr import HrEmployeeFrame as E
from schemas.hr import HrEmploymentFrame as M
from schemas.hr import HrLeaveFrame as L

Convert = Callable[..., str | None]


@dataclass(frozen=True)
class Rule:
    """How one payroll field is filled.

    Attributes:
        target: the payroll field (`internationalID.ID` for a field of a nested object).
        sources: AlexisHR columns handed to `convert`, in order.
        convert: a named conversion from `schemas.conversions`.
        constant: a fixed value instead of sources (the seed's "defaulted to").
        note: the seed's mapping condition, or the rule where the seed is loose.
        personal: personal data (fødselsnummer, account, salary, an absence comment that may
            be a leave's description): masked in every output.
        when_missing: `clear` writes "" when the source is empty; `keep` leaves the payroll's
            value alone (no salary in AlexisHR must not wipe the one payroll pays).
        compare: how the diff compares old and new (`decimal`: 80 equals 80.00).
        group: fields that must travel together in one write.
    """

    target: str
    sources: tuple[str, ...] = ()
    convert: Convert = c.as_text
    constant: str | None = None
    note: str = ""
    personal: bool = False
    when_missing: Literal["clear", "keep"] = "clear"
    compare: Literal["text", "decimal", "date"] = "text"
    group: str = ""


EMPLOYEE_RULES: tuple[Rule, ...] = (
    Rule("empId", (E.employee_number,), c.whole_number,
         note="Employee number; must be a positive whole number."),
    Rule("email", (E.work_email, E.private_email), c.first_filled,
         note="Work email; if workEmail is empty, privateEmail is used."),
    Rule("firstname", (E.first_name,), note="First name."),
    Rule("lastname", (E.last_name,), note="Last name."),
    Rule("personnr", (E.ssn,), c.norwegian_id, personal=True,
         note="ssn, digits only, when it is an 11-digit fødselsnummer/D-number (mod-11 checked)."),
    Rule("vacation_days", constant="25", note="Defaulted to 25."),
    Rule("internationalID.type", constant="socialSecurityNumber", group="internationalID",
         note="Defaulted to socialSecurityNumber."),
    Rule("internationalID.ID", (E.ssn,), c.id_digits, personal=True, group="internationalID",
         note="ssn."),
    Rule("internationalID.countryCode", (E.nationality,), c.country, group="internationalID",
         note="Nationality as ISO 3166 alpha-2, upper case."),
    Rule("postaddress", (E.street,), note="Home address: street."),
    Rule("city", (E.city,), note="Home address: city."),
    Rule("zipcode", (E.postal_code,), note="Home address: postal code."),
    Rule("countryCode", (E.home_country,), c.country, note="Home address: country (ISO alpha-2)."),
    Rule("account", (E.bank_country, E.bank_number, E.bank_iban), c.bank_account,
         personal=True, when_missing="keep",
         note="Bank account number; the IBAN when the account's country is not Norway."),
    Rule("bic", (E.bank_bic,), c.upper_compact, note="BIC."),
    Rule("clearingno", (E.bank_clearing,), note="Clearing number."),
    Rule("salary_valid_from", (E.salary_from,), c.iso_date, when_missing="keep",
         compare="date", group="salary",
         note="effectiveDate of the compensation with the most recent effectiveDate."),
    Rule("salary_type", (E.payout_period,), c.salary_type, when_missing="keep", group="salary",
         note="payoutPeriod of that compensation: MONTHLY/ANNUAL → monthly, HOURLY → hourly."),
    Rule("salary", (E.salary_amount, E.payout_period), c.salary_amount, personal=True,
         when_missing="keep", compare="decimal", group="salary",
         note="amount of that compensation, in øre precision; ANNUAL amounts divided by 12."),
)  # fmt: skip

EMPLOYMENT_RULES: tuple[Rule, ...] = (
    # The key. The AlexisHR employment id never changes and is unique, and a-melding's
    # arbeidsforholdId is employer-chosen text of up to 50 characters, so it is a stable
    # employment_id. A start date would break when HR corrects it; a generated `32553-1`
    # would need a lookup table. Employments made by hand before the integration are adopted by
    # start date in the diff and keep their own id.
    Rule("employment_id", (M.id,), note="AlexisHR employment id (stable key)."),
    Rule("startdate", (M.start_date,), c.iso_date, compare="date", note="Start date."),
    Rule("enddate", (M.end_date,), c.iso_date, compare="date", group="end",
         note="End date (the seed's Employment.endDate; the payroll API spells it enddate)."),
    Rule("employment_form", (M.type_name,), c.employment_form,
         note='Employment type: "midlertidig" if its name contains "temporary", else "fast".'),
    Rule("employment_rate", (M.rate,), c.percentage, compare="decimal",
         note="Employment rate in percent, two decimals."),
    Rule("profession_code", (M.note,), c.profession_code,
         note="Employment note before the colon (7 digits), e.g. 0111101:7 → 0111101."),
    Rule("enddate_reason", (M.note, M.end_date), c.enddate_reason, group="end",
         note="Employment note after the colon, 1–6 → the a-melding end reason; only with an "
              "end date."),
    Rule("working_times", constant="ikkeSkift", note="Defaulted to ikkeSkift."),
    Rule("employment_type", constant="ordinaertArbeidsforhold",
         note="Defaulted to ordinaertArbeidsforhold."),
)  # fmt: skip

# Absences: one payroll absence per approved AlexisHR leave. The leave type's absence code comes
# from the leave-type table in `schemas/absence_codes.py`.
ABSENCE_RULES: tuple[Rule, ...] = (
    Rule("empId", (L.employee_number,), c.whole_number, note="Employee number of the leave."),
    Rule("externalId", (L.id,),
         note="The AlexisHR leave id: how a re-run finds its absence (no duplicates, ever)."),
    Rule("startDate", (L.start_date,), c.iso_date, compare="date", note="Leave start date."),
    Rule("endDate", (L.end_date,), c.iso_date, compare="date", note="Leave end date."),
    Rule("absenceType", (L.code,), note="Payroll code 01–21 from the leave-type table."),
    Rule("percent", (L.grade, L.allows_percent), a.percent, compare="decimal",
         note="gradePercentage (100 when none) where the absence type takes a percentage."),
    Rule("comment", (L.description, L.type_name), c.first_filled, personal=True,
         note="The leave type's name (21 needs a comment); the leave's description instead "
              "only where the tenant sets send_leave_descriptions (it may hold a diagnosis)."),
    Rule("approved", constant="1", note="Approved (1); a withdrawn leave is set to 2."),
    Rule("childId", (L.category, L.payroll_child_id, L.child_id), a.child_id,
         note="Sick child (02): the leave's child, registered in payroll from AlexisHR."),
    Rule("startdateParental", (L.start_date, L.parental), a.parental_start, compare="date",
         note="Parental leave (06): start of the parental-benefit period = leave start."),
    Rule("numberOfDays", (L.start_date, L.end_date, L.duration, L.category), a.vacation_days,
         compare="decimal",
         note="Vacation (04): working days taken (Mon–Fri, not Norwegian public holidays); "
              "none for a half-day leave."),
)  # fmt: skip

EMPLOYEE_KEY = "empId"
EMPLOYMENT_KEY = "employment_id"
ABSENCE_KEY = "externalId"


def personal_fields() -> frozenset[str]:
    """Payroll fields whose values never appear in clear text outside the write itself."""
    rules = (*EMPLOYEE_RULES, *EMPLOYMENT_RULES, *ABSENCE_RULES)
    return frozenset(r.target for r in rules if r.personal)


def as_markdown() -> str:
    """The table for people: payroll field, AlexisHR source, rule."""
    lines = ["| 24SevenOffice field | AlexisHR source | Rule |", "|---|---|---|"]
    tables = (("Employee", EMPLOYEE_RULES), ("Employment", EMPLOYMENT_RULES),
              ("Absence", ABSENCE_RULES))  # fmt: skip
    for entity, rules in tables:
        for rule in rules:
            source = f'"{rule.constant}"' if rule.constant is not None else ", ".join(rule.sources)
            lines.append(f"| {entity}.{rule.target} | {source} | {rule.note} |")
    return "\n".join(lines)
