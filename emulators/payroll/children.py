"""Children of ``/child/v2``, needed to register "sykt barn" absences."""

from __future__ import annotations

from emulators.payroll import validation as check
from emulators.payroll import wire

CHILD_PARSERS: dict[str, wire.Parser] = {
    "empId": wire.integer(minimum=1),
    "childId": wire.integer(minimum=1),
    "firstname": wire.text(),
    "lastname": wire.text(),
    "birthdate": wire.iso_date(),
}
# The GET keys as a client could echo them back; never written.
READ_ONLY_FIELDS = ("firstnamn", "surname")


def check_child(record: dict[str, str]) -> None:
    """A child needs a name and a birth date (sick-child days depend on the child's age)."""
    for field_name in ("firstname", "lastname", "birthdate"):
        check.require(record, field_name)


def child_view(record: dict[str, str]) -> dict[str, str]:
    """The child as ``GET /child/v2/{empId}`` returns it."""
    # The spec documents firstname/lastname but its GET example, evidently copied from a real
    # response, has "firstnamn" and "surname": the emulator returns what the server returns and
    # accepts the documented names on POST. empId is added so a listing is self-describing.
    return {
        "firstnamn": record["firstname"],
        "surname": record["lastname"],
        "childId": record["childId"],
        "birthdate": record["birthdate"],
        "empId": record["empId"],
    }
