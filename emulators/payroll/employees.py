"""Employee records of ``/employee/v2``: fields, defaults, strict rules and the salary history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from emulators.payroll import validation as check
from emulators.payroll import wire
from emulators.payroll.errors import PayrollValidationError

SALARY_FIELDS = ("salary_type", "salary", "salary_valid_from")
INTERNATIONAL_ID_TYPES = (
    "passnummer",
    "socialSecurityNumber",
    "taxIdentificationNumber",
    "valueAddedTaxNumber",
)
_PERCENT = wire.decimal_number(maximum=Decimal(100))

# Defaults of a new employee, in the key order of the spec's GET example. The salary triple is not
# here: it is shown from the salary history.
EMPLOYEE_DEFAULTS: dict[str, Any] = {
    "empId": "",
    "email": "",
    "email_copy": "",
    "firstname": "",
    "lastname": "",
    "postaddress": "",
    "zipcode": "",
    "city": "",
    "countryCode": "",
    "clearingno": "",
    "account": "",
    "bic": "",
    "employee_date": "",
    "telefon": "",
    "personnr": "",
    "internationalID": {"countryCode": "", "ID": "", "type": "passnummer"},
    "taxtable": "",
    "employment_rate": "",
    "employment_rate_valid_from": "",
    "hours_per_week": "37.50",  # spec: "Default is 37.5"
    "hours_per_week_valid_from": "",
    "vacation_percent": "12.00",  # the usual Norwegian rate (five weeks), as in the spec
    "vacation_percent_valid_from": "",
    "vacation_days": "",
    "hidden": "0",
    "percentage_tax_main_employer": "50.00",  # spec: "default is 50"
    "percentage_tax_bi_employer": "",
    "tax_resident_country": "",
    "continental_shelf": "",
    "taxexemption": {"percentage": "", "amount": ""},
    "accounting": [],
}
_AFTER_IDS = list(EMPLOYEE_DEFAULTS).index("internationalID") + 1
_OUTPUT_ORDER = [
    *list(EMPLOYEE_DEFAULTS)[:_AFTER_IDS],
    *SALARY_FIELDS,
    *list(EMPLOYEE_DEFAULTS)[_AFTER_IDS:],
]


def _international_id(field_name: str, raw: Any) -> dict[str, str]:
    given = check.require_object(field_name, raw)
    parsers: dict[str, wire.Parser] = {
        "countryCode": check.country_code,
        "ID": wire.text(),
        "type": wire.one_of(INTERNATIONAL_ID_TYPES),
    }
    return {
        key: parsers[key](f"{field_name}.{key}", value)
        for key, value in given.items()
        if key in parsers
    }


def _tax_exemption(field_name: str, raw: Any) -> dict[str, str]:
    # Spec: "only relevant for swedish clients, will be nulled for others"; companies here are NO.
    check.require_object(field_name, raw)
    return {"percentage": "", "amount": ""}


def _accounting(field_name: str, raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise PayrollValidationError(field_name, f"{field_name} must be an array")
    rows = [_accounting_row(f"{field_name}[{n}]", item) for n, item in enumerate(raw)]
    total = sum(Decimal(row["percentage"] or "0") for row in rows)
    if total > 100:
        raise PayrollValidationError(field_name, f"{field_name} percentages exceed 100 in total")
    return rows


def _accounting_row(where: str, raw: Any) -> dict[str, Any]:
    row = check.require_object(where, raw)
    dimensions = row.get("dimensions", [])
    if not isinstance(dimensions, list):
        raise PayrollValidationError(f"{where}.dimensions", "dimensions must be an array")
    # Choice (spec silent): the emulator keeps no dimension register, so dimension values are
    # stored as given instead of being checked against /dimension/v2.
    parsed_dimensions = []
    for dimension in dimensions:
        pair = check.require_object(f"{where}.dimensions", dimension)
        parsed_dimensions.append(
            {
                "dimid": wire.to_text(f"{where}.dimid", pair.get("dimid")),
                "value": wire.to_text(f"{where}.value", pair.get("value")),
            }
        )
    percentage = _PERCENT(f"{where}.percentage", row.get("percentage", ""))
    return {"percentage": percentage, "dimensions": parsed_dimensions}


EMPLOYEE_PARSERS: dict[str, wire.Parser] = {
    "empId": wire.integer(minimum=1),
    "email": check.email,
    "email_copy": check.email,
    "firstname": wire.text(),
    "lastname": wire.text(),
    "postaddress": wire.text(),
    "zipcode": wire.text(),
    "city": wire.text(),
    "countryCode": check.country_code,
    "clearingno": wire.text(),
    "account": check.bank_account,
    "bic": check.bic,
    "employee_date": wire.iso_date(),
    "telefon": wire.text(),
    "personnr": check.personnr,
    "internationalID": _international_id,
    "salary_type": wire.one_of(("monthly", "hourly")),
    "salary": wire.decimal_number(),
    "salary_valid_from": wire.iso_date(),
    "taxtable": check.digits(4),  # Choice (spec silent): Norwegian trekktabell numbers, e.g. 7150
    "employment_rate": _PERCENT,
    "employment_rate_valid_from": wire.iso_date(),
    "hours_per_week": wire.decimal_number(maximum=Decimal(168)),
    "hours_per_week_valid_from": wire.iso_date(),
    "vacation_percent": _PERCENT,
    "vacation_percent_valid_from": wire.iso_date(),
    "vacation_days": wire.integer(minimum=0, maximum=365),
    "hidden": wire.one_of(("0", "1")),
    "percentage_tax_main_employer": _PERCENT,
    "percentage_tax_bi_employer": _PERCENT,
    "tax_resident_country": check.country_code,
    "continental_shelf": wire.one_of(("1", "-1")),
    "taxexemption": _tax_exemption,
    "accounting": _accounting,
}


def merge_employee(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Lay parsed fields over a stored record; ``internationalID`` merges key by key."""
    merged = {**current, **{k: v for k, v in given.items() if k not in SALARY_FIELDS}}
    if "internationalID" in given:
        merged["internationalID"] = {**current["internationalID"], **given["internationalID"]}
    return merged


def check_employee(record: dict[str, Any]) -> None:
    """Cross-field rules every stored employee (new or merged) must satisfy."""
    check.require(record, "firstname")
    check.require(record, "lastname")
    if record["countryCode"] == "NO" and record["zipcode"]:
        if not (record["zipcode"].isdigit() and len(record["zipcode"]) == 4):
            raise PayrollValidationError(
                "zipcode", "zipcode must be 4 digits when countryCode is NO"
            )
    international = record["internationalID"]
    # Choice (spec silent): a foreign ID is useless in the a-melding without its issuing country.
    if international["ID"] and not international["countryCode"]:
        raise PayrollValidationError(
            "internationalID.countryCode",
            "internationalID.countryCode is required when internationalID.ID is set",
        )


@dataclass
class SalaryHistory:
    """Effective-dated salary: ``salary_valid_from`` → (``salary_type``, ``salary``)."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)

    def current(self) -> dict[str, str]:
        """The entry with the latest valid-from date, as the three wire fields."""
        # GET shows the latest entry, even one dated in the future: an integration that sends next
        # month's raise must read back what it wrote, or it would rewrite it on every run.
        if not self.entries:
            return dict.fromkeys(SALARY_FIELDS, "")
        valid_from = max(self.entries)
        salary_type, salary = self.entries[valid_from]
        return {"salary_type": salary_type, "salary": salary, "salary_valid_from": valid_from}

    def with_write(self, given: dict[str, Any], today: str) -> SalaryHistory:
        """The history after a write; unchanged when the write does not touch the salary.

        Args:
            given: The parsed fields of the write (other keys are ignored).
            today: Local date used when no valid-from date was ever given.

        Returns:
            A new history; this one is left untouched so a rejected write changes nothing.
        """
        shown = self.current()
        written = {key: given[key] for key in SALARY_FIELDS if key in given}
        if not written.get("salary_valid_from"):
            written.pop("salary_valid_from", None)  # no date: the write concerns the shown entry
        if all(shown[key] == value for key, value in written.items()):
            return self
        entry = {**shown, **written}
        # Choice (spec silent): a salary change without salary_valid_from corrects the entry now
        # shown; the very first salary without a date starts today (Oslo).
        valid_from = entry["salary_valid_from"] or today
        # Choice (spec silent): an amount means nothing without knowing if it is monthly or hourly.
        if entry["salary"] and not entry["salary_type"]:
            raise PayrollValidationError(
                "salary_type", "salary_type is required when salary is set"
            )
        return SalaryHistory({**self.entries, valid_from: (entry["salary_type"], entry["salary"])})


def employee_view(record: dict[str, Any], salary: SalaryHistory) -> dict[str, Any]:
    """The employee as ``GET /employee/v2`` returns it."""
    shown = {**record, **salary.current()}
    return {key: copied(shown[key]) for key in _OUTPUT_ORDER}


def copied(value: Any) -> Any:
    """A deep copy of a JSON-like value; scalars are shared (they are immutable).

    `copy.deepcopy` was a third of the emulator's cost per employee answer.
    """
    if isinstance(value, dict):
        return {key: copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copied(item) for item in value]
    return value
