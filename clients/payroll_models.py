"""Pydantic wire models of the 24SevenOffice payroll API (every scalar travels as a string)."""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class PayrollRecord(BaseModel):
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
