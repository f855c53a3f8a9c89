"""Seed data and a state snapshot shared by the payroll emulator tests."""

from __future__ import annotations

from typing import Any

from emulators.payroll.state import PayrollCompany

PERSISTENT_TOKEN = "persistent-token-fjordlys"
VALID_FNR = "16024301269"  # from the vendor spec's examples; passes both check digits
VALID_DNR = "56024310189"
VALID_KONTONR = "86011117947"
VALID_IBAN = "NO9386011117947"

KARI: dict[str, Any] = {
    "empId": "1",
    "firstname": "Kari",
    "lastname": "Nordmann",
    "email": "kari@fjordlys.no",
    "postaddress": "Storgata 1",
    "zipcode": "0155",
    "city": "OSLO",
    "countryCode": "NO",
    "personnr": VALID_FNR,
    "account": VALID_KONTONR,
    "bic": "DNBANOKK",
    "salary_type": "monthly",
    "salary": "50000",
    "salary_valid_from": "2024-01-01",
    "vacation_days": "25",
}


def seed_company(company: PayrollCompany) -> None:
    """Employees 1 (Kari, with employment, child, absence) and 2 (Ola, nothing else)."""
    company.put_employee(KARI)
    company.put_employee({"empId": 2, "firstname": "Ola", "lastname": "Nordmann"})
    company.put_employment("1", {"startdate": "2024-01-01", "employment_form": "fast"})
    company.put_child(
        {"empId": "1", "firstname": "Per", "lastname": "Nordmann", "birthdate": "2019-05-17"}
    )
    company.put_absence(
        {"empId": "1", "absenceType": "01", "startDate": "2025-01-06", "endDate": "2025-01-10"}
    )


def snapshot(company: PayrollCompany) -> dict[str, Any]:
    """Everything a client could read back, plus the salary histories."""
    emp_ids = [employee["empId"] for employee in company.employees()]
    return {
        "employees": company.employees(),
        "salary": {emp_id: company.salary_history(emp_id) for emp_id in emp_ids},
        "employments": {emp_id: company.employments(emp_id) for emp_id in emp_ids},
        "children": {emp_id: company.children(emp_id) for emp_id in emp_ids},
        "absences": company.absences(),
        "organization": company.organization.view(),
    }
