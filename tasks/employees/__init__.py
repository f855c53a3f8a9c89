"""The employee pipeline: employees, employments and salary from AlexisHR into payroll."""
