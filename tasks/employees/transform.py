"""Transform: run the mapping table over the valid HR frames, then gate on what payroll accepts."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas import conversions
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES
from schemas.payroll import PayrollEmployeeFrame, PayrollEmploymentFrame
from tasks.employees.steps import PayrollTarget
from tasks.engine.rules import apply_rules, refused
from tasks.people.steps import ValidHr


def build_payroll_target(tenant: str, valid: ValidHr) -> PayrollTarget:
    """Apply the mapping table and drop every employee whose result payroll would refuse."""
    employees = apply_rules(valid.employees, EMPLOYEE_RULES)
    employments = apply_rules(valid.employments, EMPLOYMENT_RULES)
    numbers = valid.employments["employeeNumber"].map(conversions.whole_number)
    employments.insert(0, "empId", numbers.astype("str"))
    employee_entries, bad_employees = refused(
        tenant, PayrollEmployeeFrame, employees, EMPLOYEE_RULES
    )
    employment_entries, bad_employments = refused(
        tenant, PayrollEmploymentFrame, employments, EMPLOYMENT_RULES
    )
    held = {*employees.loc[bad_employees, "empId"], *employments.loc[bad_employments, "empId"]}
    return PayrollTarget(
        employees=employees[~employees["empId"].isin(held)].reset_index(drop=True),
        employments=employments[~employments["empId"].isin(held)].reset_index(drop=True),
        quarantine=(*valid.quarantine, *employee_entries, *employment_entries),
    )


@task(name="transform", cache_policy=NO_CACHE)
def transform_employees(tenant: str, valid: ValidHr) -> PayrollTarget:
    """Map valid AlexisHR employees to 24SevenOffice records (mapping table + payroll checks)."""
    target = build_payroll_target(tenant, valid)
    get_run_logger().info(
        "mapped %d employees and %d employments", len(target.employees), len(target.employments)
    )
    return target
