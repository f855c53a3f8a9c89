"""Absence periods of ``/absence/v2``: fields, strict rules per absence type, date filter."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from emulators.payroll import validation as check
from emulators.payroll import wire
from emulators.payroll.absence_types import PARENTAL_LEAVE, AbsenceType
from emulators.payroll.errors import PayrollValidationError

ABSENCE_FIELDS = (
    "empId",
    "serialNo",
    "startDate",
    "endDate",
    "comment",
    "requestDate",
    "requestMotivation",
    "approved",
    "percent",
    "absenceType",
    "description",
    "childId",
    "numberOfDays",
    "permisjonId",
    "startdateParental",
    "lastChanged",
    "externalId",
)
# Set by the payroll system (self-service requests, type text, timestamps); echoed keys are dropped.
READ_ONLY_FIELDS = ("description", "requestDate", "requestMotivation", "lastChanged")
PERMISJON_ID_MAX_LENGTH = 50  # a-melding permisjonId is text of at most 50 characters


def _permisjon_id(field_name: str, raw: Any) -> str:
    value = wire.to_text(field_name, raw)
    if len(value) > PERMISJON_ID_MAX_LENGTH:
        raise PayrollValidationError(field_name, f"{field_name} is longer than 50 characters")
    return value


ABSENCE_PARSERS: dict[str, wire.Parser] = {
    "empId": wire.integer(minimum=1),
    "serialNo": wire.integer(minimum=1),
    "startDate": wire.iso_date(),
    "endDate": wire.iso_date(),
    "comment": wire.text(),
    "approved": wire.one_of(("1", "2")),
    # The spec's examples show whole percentages without decimals ("100").
    "percent": wire.decimal_number(maximum=Decimal(100), fixed=False),
    "absenceType": wire.text(),
    "childId": wire.text(),
    "numberOfDays": wire.integer(minimum=0),
    "permisjonId": _permisjon_id,
    "startdateParental": wire.iso_date(),
    "externalId": wire.text(),
}
# Choice (spec silent): percent defaults to 100 (a full absence), the value of every spec example.
ABSENCE_DEFAULTS: dict[str, str] = {**dict.fromkeys(ABSENCE_FIELDS, ""), "percent": "100"}


def check_absence(
    record: dict[str, str], absence_type: AbsenceType | None, child_ids: Collection[str]
) -> AbsenceType:
    """Rules a stored absence must satisfy, given its type and the employee's children.

    Args:
        record: The merged absence, ISO dates.
        absence_type: The company's type for ``record["absenceType"]``, or None if unknown.
        child_ids: ``childId`` values of the employee's children.

    Returns:
        The absence type, now known to exist.
    """
    check.require(record, "absenceType")
    if absence_type is None:
        raise PayrollValidationError(
            "absenceType", f"absenceType {record['absenceType']} is not an absence type here"
        )
    _check_period(record, absence_type)
    _check_type_specific_fields(record, absence_type)
    if absence_type.category == "sick_child":
        check.require(record, "childId", "for absence type category sick_child")
    if record["childId"] and record["childId"] not in child_ids:
        raise PayrollValidationError("childId", "childId is not a child of this employee")
    return absence_type


def _check_period(record: dict[str, str], absence_type: AbsenceType) -> None:
    check.require(record, "startDate")
    start = wire.parse_iso_date("startDate", record["startDate"])
    if absence_type.category != "leave_of_absence":
        check.require(record, "endDate", "unless the absence type is a leave of absence")
    if not record["endDate"]:
        return
    end = wire.parse_iso_date("endDate", record["endDate"])
    if end < start:
        raise PayrollValidationError("endDate", "endDate must not be before startDate")
    # Choice (spec silent): vacation days cannot outnumber the calendar days of the period.
    if record["numberOfDays"] and int(record["numberOfDays"]) > (end - start).days + 1:
        raise PayrollValidationError(
            "numberOfDays", "numberOfDays exceeds the days from startDate to endDate"
        )


def _check_type_specific_fields(record: dict[str, str], absence_type: AbsenceType) -> None:
    if record["numberOfDays"] and absence_type.category != "vacation":
        raise PayrollValidationError(
            "numberOfDays", "numberOfDays is only allowed for absence type category vacation"
        )
    # Choice (spec silent): the spec's own POST example sends percent=100 with vacation (04), so a
    # type without the percentage flag accepts 100 (a full absence) and rejects anything else.
    if not absence_type.percentage and record["percent"] not in ("", "100"):
        raise PayrollValidationError(
            "percent", f"percent is not allowed for absence type {absence_type.code}"
        )
    if absence_type.leave_of_absence_type == PARENTAL_LEAVE:
        check.require(record, "startdateParental", f"for absence type {absence_type.code}")
    if absence_type.comment_mandatory:
        check.require(record, "comment", f"for absence type {absence_type.code}")
    # Choice (spec silent): a permisjonId on a type that is not reported with one would be
    # silently lost in the a-melding, so it is refused.
    if record["permisjonId"] and not absence_type.permisjon_id:
        raise PayrollValidationError(
            "permisjonId", f"permisjonId is not used by absence type {absence_type.code}"
        )


def overlaps(record: dict[str, str], date_from: date | None, date_to: date | None) -> bool:
    """Whether the absence overlaps ``[date_from, date_to]``; an empty endDate is open-ended."""
    # Choice (spec silent): "search interval" returns every absence that touches the interval,
    # not only those inside it, so a sync of January also sees a leave that began in December.
    start = date.fromisoformat(record["startDate"])
    end = date.fromisoformat(record["endDate"]) if record["endDate"] else date.max
    if date_to is not None and start > date_to:
        return False
    return not (date_from is not None and end < date_from)


def absence_view(record: dict[str, str]) -> dict[str, str]:
    """The absence as ``GET /absence/v2`` returns it (dates as ``YYYY-MM-DD 00:00:00``)."""
    # Choice (spec silent): only startDate and endDate get the time suffix the examples show;
    # startdateParental (never filled in an example) reads back as written, YYYY-MM-DD.
    view = {key: record[key] for key in ABSENCE_FIELDS}
    view["startDate"] = wire.absence_datetime(record["startDate"])
    view["endDate"] = wire.absence_datetime(record["endDate"])
    return view
