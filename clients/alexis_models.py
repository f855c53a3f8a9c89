"""Pydantic wire models of the AlexisHR v1 resources hrsync reads."""

from __future__ import annotations

from pydantic import ConfigDict

from clients.alexis_dates import AlexisMoment
from clients.alexis_records import AlexisRecord
from clients.compact import CompactRecord


class BankAccount(CompactRecord):
    """An employee's salary account as AlexisHR holds it."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    bank: str | None = None
    clearing: str | None = None
    number: str | None = None
    iban: str | None = None
    bic: str | None = None
    country: str | None = None


class HomeAddress(CompactRecord):
    """An employee's home address."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    street: str | None = None
    postalCode: str | None = None
    city: str | None = None
    country: str | None = None


class Employee(AlexisRecord):
    """`/employee`: the person and their work and personal details."""

    companyId: str | None = None
    active: bool = True
    employeeNumber: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    workEmail: str | None = None
    privateEmail: str | None = None
    ssn: str | None = None
    nationality: str | None = None
    birthDate: AlexisMoment | None = None
    hireDate: AlexisMoment | None = None
    endDate: AlexisMoment | None = None
    departmentId: str | None = None
    officeId: str | None = None
    employmentTypeId: str | None = None
    bankAccount: BankAccount | None = None
    homeAddress: HomeAddress | None = None
    updated: AlexisMoment | None = None

    def absent_fields(self) -> frozenset[str]:
        """The fields this answer did not carry, as paths (`ssn`, `bankAccount.number`).

        A field can be absent because it was not selected or the token may not see it: its
        value is unknown, not empty. An explicit `null` is present (AlexisHR says "none").
        A nested object that is absent makes each of its fields absent.

        Choice (spec silent): inside a nested object that did arrive, a missing key is unset,
        i.e. empty. AlexisHR keeps `bankAccount`/`homeAddress` as the documents they were
        saved as (the emulator does too), so an account saved without `iban` has none;
        permissions hide the whole object, not single keys of it.
        """
        absent = {name for name in type(self).model_fields if name not in self.model_fields_set}
        for name, shape in (("bankAccount", BankAccount), ("homeAddress", HomeAddress)):
            if name in absent:
                absent |= {f"{name}.{field}" for field in shape.model_fields}
        return frozenset(absent)


class Employment(AlexisRecord):
    """`/employment`: one employment contract of an employee."""

    employeeId: str
    typeId: str | None = None
    startDate: AlexisMoment | None = None
    endDate: AlexisMoment | None = None
    effectiveEndDate: AlexisMoment | None = None
    terminated: bool = False
    rate: float | None = None
    note: str | None = None
    country: str | None = None
    updated: AlexisMoment | None = None


class EmploymentType(AlexisRecord):
    """`/employment-type`: a company-defined kind of employment, named freely."""

    name: str
    maxMonths: float | None = None


class Compensation(AlexisRecord):
    """`/compensation`: one base-salary row, effective from its date.

    The salary fields may be absent (a token that may not see pay); a row without them says
    nothing about the salary, so the sync leaves payroll's salary alone.
    """

    employeeId: str
    amount: float | None = None
    effectiveDate: AlexisMoment | None = None
    currency: str | None = None
    payoutPeriod: str | None = None

    def is_complete(self) -> bool:
        """Whether the row carries every salary field (each may still be null)."""
        return {"amount", "effectiveDate", "currency", "payoutPeriod"} <= self.model_fields_set


class LeaveTypeCode(AlexisRecord):
    """The company's payroll code for a leave type (relation `leaveTypeCode`)."""

    leaveTypeId: str
    code: str


class LeaveType(AlexisRecord):
    """`/leave-type`: a company-visible kind of leave with its global kind."""

    name: str
    kind: str | None = None


class Leave(AlexisRecord):
    """`/leave`: one absence request of an employee."""

    employeeId: str
    typeId: str
    status: str
    duration: str | None = None
    startDate: AlexisMoment
    endDate: AlexisMoment
    description: str | None = None
    gradePercentage: float | None = None
    childId: str | None = None


class Child(AlexisRecord):
    """`/child`: an employee's child (needed for sick-child leave)."""

    employeeId: str
    name: str
    birthdate: AlexisMoment | None = None


class Department(AlexisRecord):
    """`/department`."""

    name: str


class Office(AlexisRecord):
    """`/office`."""

    name: str


class Team(AlexisRecord):
    """`/team`."""

    name: str


class EmployeeTeamReference(AlexisRecord):
    """`/employee-team-reference`: membership of an employee in a team."""

    teamId: str
    employeeId: str


class Company(AlexisRecord):
    """`/company`: the account the token belongs to."""

    name: str
