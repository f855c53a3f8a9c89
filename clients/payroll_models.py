"""Pydantic wire models of the 24SevenOffice payroll API (every scalar travels as a string)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, AliasChoices, ConfigDict, Field

from clients.compact import CompactRecord

# A payroll run's dates: a day, optionally followed by a time (the examples send `00:00:00`).
_RUN_DATE = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$"


def _real_day(value: str) -> str:
    if value:
        date.fromisoformat(value[:10])  # raises ValueError on 2023-13-45
    return value


RunDate = Annotated[str, Field(pattern=_RUN_DATE), AfterValidator(_real_day)]
OptionalRunDate = Annotated[str, Field(pattern=f"^$|{_RUN_DATE}"), AfterValidator(_real_day)]


class PayrollRecord(CompactRecord):
    """Base of payroll records: strings throughout, unknown keys kept (custom employee fields)."""

    model_config = ConfigDict(
        extra="allow", frozen=True, coerce_numbers_to_str=True, hide_input_in_errors=True
    )


class InternationalId(PayrollRecord):
    """`internationalID`: an identifier for people without a Norwegian fødselsnummer."""

    countryCode: str = ""
    ID: str = ""
    type: str = ""


class PayrollEmployee(PayrollRecord):
    """`/employee/v2` record; the integration fields first, the rest only read back."""

    empId: str
    email: str = ""
    firstname: str = ""
    lastname: str = ""
    personnr: str = ""
    vacation_days: str = ""
    internationalID: InternationalId = Field(default_factory=InternationalId)
    postaddress: str = ""
    city: str = ""
    zipcode: str = ""
    countryCode: str = ""
    account: str = ""
    bic: str = ""
    clearingno: str = ""
    salary_type: str = ""
    salary: str = ""
    salary_valid_from: str = ""
    employee_date: str = ""
    hidden: str = ""


class PayrollEmployment(PayrollRecord):
    """`/employment/v2/{empId}` record."""

    employment_id: str = ""
    primary_employment: str = ""
    startdate: str = ""
    enddate: str = ""
    enddate_reason: str = ""
    employment_form: str = ""
    profession_code: str = ""
    employment_rate: str = ""
    employment_type: str = ""
    enterprise_number: str = ""
    working_times: str = ""


class PayrollAbsence(PayrollRecord):
    """`/absence/v2` record; dates come back as `YYYY-MM-DD 00:00:00`."""

    empId: str
    serialNo: str = ""
    startDate: str = ""
    endDate: str = ""
    comment: str = ""
    approved: str = ""
    percent: str = ""
    absenceType: str = ""
    description: str = ""
    childId: str = ""
    numberOfDays: str = ""
    permisjonId: str = ""
    startdateParental: str = ""
    lastChanged: str = ""
    externalId: str = ""


class AbsenceType(PayrollRecord):
    """`/absencetypes/v2` record: a company absence code and what it allows."""

    code: str
    description: str = ""
    category: str = ""
    leave_of_absence_type: str = ""
    percentage: str = ""
    permisjonId: str = ""
    comment_mandatory: str = ""
    inntektsmelding_type: str = ""


class PayrollChild(PayrollRecord):
    """`/child/v2` record.

    The API documents `firstname`/`lastname` but its own GET example answers `firstnamn`/`surname`;
    both spellings are read.
    """

    childId: str
    empId: str = ""
    firstname: str = Field("", validation_alias=AliasChoices("firstname", "firstnamn"))
    lastname: str = Field("", validation_alias=AliasChoices("lastname", "surname"))
    birthdate: str = ""


class Site(PayrollRecord):
    """A site (virksomhet) of the organization."""

    id: str = ""
    name: str = ""
    enterprise_number: str = ""


class Organization(PayrollRecord):
    """`/organization/v2`: the payroll company and its sites."""

    name: str = ""
    orgno: str = ""
    sites: list[Site] = Field(default_factory=list)


def _payroll_day(value: str) -> date | None:
    """`2023-07-01 00:00:00` or `2023-07-01` as a day; `""` as None."""
    return date.fromisoformat(value[:10]) if value else None


class PayrollRun(PayrollRecord):
    """`/payrollrun/v2/` record (lønnskjøring): period, payment date, whether it is locked.

    The spec documents `YYYY-MM-DD` but its examples answer `YYYY-MM-DD 00:00:00`; both are read.
    A run whose dates cannot be read is refused (the read fails): a locked period the sync cannot
    see must never be written into.
    """

    payrollrunId: str
    startDate: RunDate
    endDate: RunDate
    paymentDate: OptionalRunDate = ""
    name: str = ""
    created: str = ""
    locked: str = ""
    type: str = ""
    limitDate: str = ""
    payrollGroup: str = ""
    payslips: str = ""

    @property
    def is_locked(self) -> bool:
        """`locked` is `"1"` (the wire's boolean); anything else is open."""
        return self.locked.strip() in ("1", "true")

    @property
    def start(self) -> date:
        """First day of the run's period (periode fra)."""
        return date.fromisoformat(self.startDate[:10])

    @property
    def end(self) -> date:
        """Last day of the run's period (periode til).

        Choice (spec silent): the spec's examples give a month's run as `2023-07-01`–`2023-08-01`,
        which reads as an exclusive end, while the field is documented as "periode til" (to and
        including). The end day is taken as inside the period: for a locked run that errs on
        the side of leaving a paid day alone.
        """
        return date.fromisoformat(self.endDate[:10])

    @property
    def payment(self) -> date | None:
        """The payment date (betalingsdato), when the run has one."""
        return _payroll_day(self.paymentDate)
