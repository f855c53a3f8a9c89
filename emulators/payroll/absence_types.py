"""The standard absence types 01–21 every new 24SevenOffice Lønn company starts with."""

from __future__ import annotations

from dataclasses import dataclass

PARENTAL_LEAVE = "permisjonMedForeldrepenger"


@dataclass(frozen=True)
class AbsenceType:
    """One row of ``/absencetypes/v2``; flags are booleans here and ``"0"``/``"1"`` on the wire."""

    code: str
    description: str
    category: str
    leave_of_absence_type: str = ""
    inntektsmelding_type: str = ""
    comment_mandatory: bool = False

    @property
    def permisjon_id(self) -> bool:
        """Leave periods are reported in the a-melding with a permisjonId (reference §3.5)."""
        return self.category == "leave_of_absence"

    @property
    def percentage(self) -> bool:
        """Whether a percentage may be given."""
        # Every type but vacation: an a-melding permisjon carries a percentage, and partial sick
        # leave and partial lay-off are common; vacation days are whole days.
        return self.category != "vacation"

    def to_wire(self) -> dict[str, str]:
        """The record as ``GET /absencetypes/v2`` returns it (key order of the spec example)."""
        return {
            "description": self.description,
            "code": self.code,
            "inntektsmelding_type": self.inntektsmelding_type,
            "permisjonId": "1" if self.permisjon_id else "0",
            "leave_of_absence_type": self.leave_of_absence_type,
            "percentage": "1" if self.percentage else "0",
            "comment_mandatory": "1" if self.comment_mandatory else "0",
            "category": self.category,
        }


def _leave(code: str, description: str, kind: str, inntektsmelding: str = "") -> AbsenceType:
    return AbsenceType(code, description, "leave_of_absence", kind, inntektsmelding)


# Categories and a-melding leave types follow reference §3.6 (02, 03, 04 and 12 are confirmed by the
# vendor spec, the rest is the reference's proposal). inntektsmelding_type uses NAV's ytelse names.
STANDARD_ABSENCE_TYPES: tuple[AbsenceType, ...] = (
    AbsenceType("01", "Sykmelding", "sickness", inntektsmelding_type="Sykepenger"),
    AbsenceType("02", "Sykt barn", "sick_child"),
    AbsenceType("03", "Egenmelding", "self_report"),
    AbsenceType("04", "Ferie", "vacation"),
    _leave("05", "Permittering", "permittering"),
    _leave("06", "Foreldrepenger", PARENTAL_LEAVE, "Foreldrepenger"),
    _leave("07", "Militærtjeneste", "permisjonVedMilitaertjeneste"),
    _leave("10", "Utdanningspermisjon - lovfestet", "utdanningspermisjonLovfestet"),
    _leave("11", "Utdanningspermisjon - ikke lovfestet", "utdanningspermisjonIkkeLovfestet"),
    _leave("12", "Andre permisjoner - lovfestet", "andreLovfestedePermisjoner"),
    _leave("13", "Andre permisjoner - ikke lovfestet", "andreIkkeLovfestedePermisjoner"),
    _leave(
        "14",
        "Pleiepenger livets siste faser",
        "andreLovfestedePermisjoner",
        "PleiepengerNaerstaaende",
    ),
    _leave("15", "Pleiepenger sykt barn", "andreLovfestedePermisjoner", "PleiepengerSyktBarn"),
    _leave("16", "Omsorgspenger (sykt barn dager)", "andreLovfestedePermisjoner", "Omsorgspenger"),
    _leave("17", "Opplæringspenger", "andreLovfestedePermisjoner", "Opplaeringspenger"),
    _leave("18", "Svangerskapspenger", "andreLovfestedePermisjoner", "Svangerskapspenger"),
    _leave("19", "Svangerskapspermisjon (foreldrepenger)", "andreLovfestedePermisjoner"),
    _leave("20", "Omsorgspermisjon", "andreLovfestedePermisjoner"),
    # Choice (spec silent): "Annet fravær" says nothing by its name, so a comment is mandatory.
    AbsenceType(
        "21",
        "Annet fravær",
        "leave_of_absence",
        "andreIkkeLovfestedePermisjoner",
        comment_mandatory=True,
    ),
)


def standard_absence_types() -> dict[str, AbsenceType]:
    """A fresh code → type table for a new company."""
    return {absence_type.code: absence_type for absence_type in STANDARD_ABSENCE_TYPES}
