"""Fixed catalogues of the demo companies: org units, employment and leave types, codes."""

from __future__ import annotations

DEPARTMENTS = ("Økonomi", "Salg", "Drift", "Utvikling")
OFFICES = (("Oslo", "Europe/Oslo"), ("Bergen", "Europe/Oslo"))
TEAMS = (("Plattform", "#dee9fe", "#1e3a8a"), ("Kunde", "#fde68a", "#78350f"))

# (name, maxMonths): the names decide employment_form ("temporary" → midlertidig).
EMPLOYMENT_TYPES = (
    ("Permanent", None),
    ("Temporary (vikariat)", 12),
    ("Probation", 6),
    ("Temporary hourly", 3),
)

# Yrkeskatalogen codes (7 digits) seen in the payroll spec and Skatteetaten's guide.
PROFESSION_CODES = ("2130102", "1142102", "5163121", "7134114", "2511108", "3313101", "4110103")

# The seed document's leave types: (name, global kind, payroll code on the leaveTypeCode
# relation or None). Rows 01–06 are "Global leave type" in the seed: no relation, the name and
# kind decide; rows 07–21 carry their code, as an AlexisHR admin would register it.
LEAVE_TYPES = (
    ("Sick leave", "SICK_LEAVE", None),
    ("Care of sick child", "CHILDCARE", None),
    ("Self certified sick leave", "SICK_LEAVE", None),
    ("Vacation", "VACATION", None),
    ("Off duty", "OFF_DUTY", None),
    ("Parental leave", "PARENTAL_LEAVE", None),
    ("Military service", "OFF_DUTY", "07"),
    ("Educational leave statutory", "OFF_DUTY", "10"),
    ("Educational leave non statutory", "OFF_DUTY", "11"),
    ("Other leaves statutory", "OFF_DUTY", "12"),
    ("Other leaves non statutory", "OFF_DUTY", "13"),
    ("Palliative care benefit", "OFF_DUTY", "14"),
    ("Care benefit sick child", "CHILDCARE", "15"),
    ("Childcare sickness days", "CHILDCARE", "16"),
    ("Training benefit", "OFF_DUTY", "17"),
    ("Pregnancy benefit", "PARENTAL_LEAVE", "18"),
    ("Maternity leave parental benefit", "PARENTAL_LEAVE", "19"),
    ("Care leave", "OFF_DUTY", "20"),
    ("Other absences", "OFF_DUTY", "21"),
    # A company-specific type the seed table does not name: by its kind it would become 05
    # (permittering); the fjelltopp demo tenant overrides it to 13.
    ("Sabbatical", "OFF_DUTY", None),
)

LEAVE_STATUSES = ("APPROVED", "APPROVED", "APPROVED", "CONFIRMED", "PENDING", "DENIED", "CANCELLED")
