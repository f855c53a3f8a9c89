"""Employments of ``/employment/v2/{empId}``: fields, Norwegian code lists and the array upsert."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from emulators.payroll import validation as check
from emulators.payroll import wire
from emulators.payroll.errors import PayrollValidationError

# Norwegian lists only: every emulated company has country_code NO (the SE values are rejected).
# The payroll's own code lists (reference §3). Kept apart from `schemas/codes.py` on purpose:
# the emulator stands for 24SevenOffice, so a wrong code in the sync must meet a 400 here, not
# be accepted because both sides read the same mistaken list.
ENDDATE_REASONS = (
    "arbeidsforholdetSkulleAldriVaertRapportert",
    "arbeidsgiverHarSagtOppArbeidstaker",
    "arbeidstakerHarSagtOppSelv",
    "byttetLoenssystemEllerRegnskapsfoerer",
    "endringIOrganisasjonsstrukturEllerByttetJobbInternt",
    "kontraktEngasjementEllerVikariatErUtloept",
)
EMPLOYMENT_FORMS = (
    "fast",
    "fastAnsattUtleid",
    "midlertidig",
    "midlertidigAnsattUtleid",
    "midlertidigAnsattSomTilkallingsvikar",
)
EMPLOYMENT_TYPES = (
    "ordinaertArbeidsforhold",
    "maritimtArbeidsforhold",
    "frilanserOppdragstakerHonorarPersonerMm",
    "pensjonOgAndreTyperYtelserUtenAnsettelsesforhold",
)
WORKING_TIMES = (
    "ikkeSkift",
    "offshore336",
    "doegnkontinuerligSkiftOgTurnus355",
    "helkontinuerligSkiftOgAndreOrdninger336",
    "skift365",
    "andreSkift",
)
EMPLOYMENT_ID_MAX_LENGTH = 50  # a-melding arbeidsforholdId: employer-chosen text, max 50 chars


def _employment_id(field_name: str, raw: Any) -> str:
    value = wire.to_text(field_name, raw)
    if len(value) > EMPLOYMENT_ID_MAX_LENGTH:
        raise PayrollValidationError(field_name, f"{field_name} is longer than 50 characters")
    return value


EMPLOYMENT_PARSERS: dict[str, wire.Parser] = {
    "employment_id": _employment_id,
    "primary_employment": wire.one_of(("0", "1")),
    "startdate": wire.iso_date(),
    "enddate": wire.iso_date(),
    "enddate_reason": wire.one_of(ENDDATE_REASONS),
    "employment_form": wire.one_of(EMPLOYMENT_FORMS),
    "profession_code": check.digits(7),
    "employment_rate": wire.decimal_number(maximum=Decimal(100)),
    "employment_type": wire.one_of(EMPLOYMENT_TYPES),
    "enterprise_number": check.organization_number,
    "working_times": wire.one_of(WORKING_TIMES),
}
EMPLOYMENT_DEFAULTS: dict[str, str] = dict.fromkeys(EMPLOYMENT_PARSERS, "")


def check_employment(record: dict[str, str], site_numbers: Collection[str]) -> None:
    """Cross-field rules every stored employment must satisfy."""
    check.require(record, "startdate", "for a new employment")
    start = wire.parse_iso_date("startdate", record["startdate"])
    if record["enddate"]:
        if wire.parse_iso_date("enddate", record["enddate"]) < start:
            raise PayrollValidationError("enddate", "enddate must not be before startdate")
        check.require(record, "enddate_reason", "when enddate is set")
    if record["enterprise_number"] and record["enterprise_number"] not in site_numbers:
        raise PayrollValidationError(
            "enterprise_number", "enterprise_number is not one of the organization's sites"
        )


@dataclass
class EmploymentBook:
    """The employments of one employee and the counter behind generated ids."""

    person_id: int
    employments: dict[str, dict[str, str]]
    next_number: int = 1

    def upsert(
        self,
        items: Sequence[Any],
        site_numbers: Collection[str],
        *,
        strict_unknown_keys: bool = False,
    ) -> tuple[EmploymentBook, list[str]]:
        """Apply an array of employments all-or-nothing.

        Args:
            items: The JSON array as sent.
            site_numbers: Virksomhetsnumre of the organization's sites.
            strict_unknown_keys: Reject keys that are not employment fields.

        Returns:
            A new book (this one is untouched, so a rejected array stores nothing) and the
            employment id of each item.
        """
        book = EmploymentBook(self.person_id, dict(self.employments), self.next_number)
        primaries_set: list[str] = []
        stored_ids: list[str] = []
        for index, raw in enumerate(items):
            try:
                given = check.parse_known(
                    check.require_object("employment", raw),
                    EMPLOYMENT_PARSERS,
                    strict_unknown_keys=strict_unknown_keys,
                )
                employment_id = book._store(given, site_numbers)
            except PayrollValidationError as error:
                raise PayrollValidationError(error.field, error.message, index=index) from error
            stored_ids.append(employment_id)
            if given.get("primary_employment") == "1":
                primaries_set.append(employment_id)
        book._settle_primary(primaries_set)
        return book, stored_ids

    def _store(self, given: dict[str, str], site_numbers: Collection[str]) -> str:
        employment_id = given.get("employment_id") or self._generate_id()
        current = self.employments.get(employment_id)
        if current is None:
            # Choice (spec silent): a new employment is the primary one when it is the first.
            primary = "0" if self.employments else "1"
            current = {**EMPLOYMENT_DEFAULTS, "primary_employment": primary}
        record = {**current, **given, "employment_id": employment_id}
        check_employment(record, site_numbers)
        self.employments[employment_id] = record
        return employment_id

    def _generate_id(self) -> str:
        while f"{self.person_id}-{self.next_number}" in self.employments:
            self.next_number += 1
        employment_id = f"{self.person_id}-{self.next_number}"
        self.next_number += 1
        return employment_id

    def _settle_primary(self, primaries_set: list[str]) -> None:
        # Choice (spec silent): a person has one primary employment; marking one primary demotes the
        # others, and two primaries in one array is a 400.
        if len(set(primaries_set)) > 1:
            raise PayrollValidationError(
                "primary_employment", "only one employment can be primary_employment 1"
            )
        if not primaries_set:
            return
        for employment_id, record in list(self.employments.items()):
            if employment_id != primaries_set[0]:
                self.employments[employment_id] = {**record, "primary_employment": "0"}

    def listing(self) -> list[dict[str, str]]:
        """The employments as ``GET /employment/v2/{empId}`` returns them."""
        return [dict(record) for record in self.employments.values()]
