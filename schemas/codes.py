"""Code lists of 24SevenOffice Lønn and the a-melding, and the seed's code translations."""

from __future__ import annotations

from types import MappingProxyType

# The employment note's digit after the colon → a-melding sluttårsak (seed table; the seed's
# "andringI…" for 5 is a typo of the official code "endringI…", which the payroll API requires).
ENDDATE_REASONS = MappingProxyType(
    {
        "1": "arbeidsforholdetSkulleAldriVaertRapportert",
        "2": "arbeidsgiverHarSagtOppArbeidstaker",
        "3": "arbeidstakerHarSagtOppSelv",
        "4": "byttetLoenssystemEllerRegnskapsfoerer",
        "5": "endringIOrganisasjonsstrukturEllerByttetJobbInternt",
        "6": "kontraktEngasjementEllerVikariatErUtloept",
    }
)

# What the payroll API accepts for Norwegian clients (reference §3.1–3.3).
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
INTERNATIONAL_ID_TYPES = (
    "passnummer",
    "socialSecurityNumber",
    "taxIdentificationNumber",
    "valueAddedTaxNumber",
)

# AlexisHR payout period → (payroll salary_type, how many payroll periods one amount covers).
# An annual salary is paid monthly in Norway, so it becomes a monthly salary of amount / 12.
SALARY_TYPES = MappingProxyType(
    {
        "MONTHLY": ("monthly", 1),
        "HOURLY": ("hourly", 1),
        "ANNUAL": ("monthly", 12),
    }
)
SALARY_CURRENCY = "NOK"
