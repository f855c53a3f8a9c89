"""The leave-type table: which 24SevenOffice absence type an AlexisHR leave type becomes.

Expected codes are written out by hand from the seed document's table and the issue's rules.
"""

from __future__ import annotations

import pytest

from schemas.absence_codes import ABSENCE_CODES, CodeChoice, absence_code, as_markdown

# The seed's table, by leave-type name, copied by hand.
SEED_NAMES = [
    ("Sick leave", "01"),
    ("Care of sick child", "02"),
    ("Self certified sick leave", "03"),
    ("Vacation", "04"),
    ("Off duty", "05"),
    ("Parental leave", "06"),
    ("Military service", "07"),
    ("Educational leave statutory", "10"),
    ("Educational leave non statutory", "11"),
    ("Other leaves statutory", "12"),
    ("Other leaves non statutory", "13"),
    ("Palliative care benefit", "14"),
    ("Care benefit sick child", "15"),
    ("Childcare sickness days", "16"),
    ("Training benefit", "17"),
    ("Pregnancy benefit", "18"),
    ("Maternity leave parental benefit", "19"),
    ("Care leave", "20"),
    ("Other absences", "21"),
]

NAME_VARIANTS = [
    ("Self-certified sick leave", "03"),
    ("Self-Certified Sick Leave", "03"),
    ("self certified  sick leave", "03"),
    ("SELF-CERTIFIED-SICK-LEAVE", "03"),
    ("  Vacation ", "04"),
    ("VACATION", "04"),
    ("sick leave", "01"),
    ("Off-duty", "05"),
    ("Care-of-sick-child", "02"),
    ("Educational leave – statutory", "10"),  # an en dash is a hyphen too
    ("parental_leave", "06"),
]

KINDS = [
    ("SICK_LEAVE", "01"),
    ("CHILDCARE", "02"),
    ("VACATION", "04"),
    ("OFF_DUTY", "05"),
    ("PARENTAL_LEAVE", "06"),
]


def test_the_payroll_codes_are_01_to_07_and_10_to_21() -> None:
    assert ABSENCE_CODES == (
        "01", "02", "03", "04", "05", "06", "07",
        "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21",
    )  # fmt: skip


@pytest.mark.parametrize(("name", "code"), SEED_NAMES)
def test_each_seed_name_gives_its_code(name: str, code: str) -> None:
    # A kind that would give another code shows that the name decides.
    other_kind = "VACATION" if code != "04" else "SICK_LEAVE"
    assert absence_code(name, other_kind, None, {}) == CodeChoice(code, "leave-type name")


@pytest.mark.parametrize(("name", "code"), NAME_VARIANTS)
def test_names_match_case_and_hyphen_insensitively(name: str, code: str) -> None:
    assert absence_code(name, None, None, {}) == CodeChoice(code, "leave-type name")


def test_a_name_that_only_resembles_a_seed_name_is_not_matched() -> None:
    assert absence_code("Sick leaves", None, None, {}) == CodeChoice(None, "unmapped")
    assert absence_code("Vacation 2026", None, None, {}) == CodeChoice(None, "unmapped")


@pytest.mark.parametrize(("kind", "code"), KINDS)
def test_a_type_with_another_name_falls_back_to_its_kind(kind: str, code: str) -> None:
    assert absence_code("Firmaspesifikk fravær", kind, None, {}) == CodeChoice(code, "leave kind")


@pytest.mark.parametrize("code", ABSENCE_CODES)
def test_a_relation_code_that_is_a_payroll_code_wins(code: str) -> None:
    # Over a seed name (Vacation is 04), an override and a kind.
    choice = absence_code("Vacation", "VACATION", code, {"Vacation": "21"})
    assert choice == CodeChoice(code, "leaveTypeCode relation")


def test_a_relation_code_is_read_without_surrounding_spaces() -> None:
    assert absence_code("Anything", None, " 12 ", {}) == CodeChoice("12", "leaveTypeCode relation")


@pytest.mark.parametrize("relation", ["08", "09", "00", "22", "99", "1", "4", "SYK", "", "  "])
def test_a_relation_code_that_is_not_a_payroll_code_is_ignored(relation: str) -> None:
    assert absence_code("Vacation", None, relation, {}) == CodeChoice("04", "leave-type name")
    assert absence_code("Permisjon", "OFF_DUTY", relation, {}) == CodeChoice("05", "leave kind")
    assert absence_code("Permisjon", None, relation, {}) == CodeChoice(None, "unmapped")


def test_the_override_applies_to_a_name_not_in_the_table() -> None:
    overrides = {"Sabbatical": "13"}
    assert absence_code("Sabbatical", None, None, overrides) == CodeChoice("13", "tenant override")


def test_the_override_comes_before_the_kind() -> None:
    # A "Sabbatical" of kind OFF_DUTY would be 05 (lay-off) by its kind.
    overrides = {"Sabbatical": "13"}
    choice = absence_code("Sabbatical", "OFF_DUTY", None, overrides)
    assert choice == CodeChoice("13", "tenant override")


def test_the_override_matches_case_and_hyphen_insensitively() -> None:
    overrides = {"Velferds-permisjon": "12"}
    choice = absence_code("velferds permisjon", "OFF_DUTY", None, overrides)
    assert choice == CodeChoice("12", "tenant override")


def test_the_seed_name_comes_before_the_override() -> None:
    assert absence_code("Vacation", None, None, {"Vacation": "21"}) == CodeChoice(
        "04", "leave-type name"
    )


def test_the_relation_code_comes_before_the_override() -> None:
    choice = absence_code("Sabbatical", "OFF_DUTY", "11", {"Sabbatical": "13"})
    assert choice == CodeChoice("11", "leaveTypeCode relation")


def test_an_override_of_another_name_does_not_apply() -> None:
    choice = absence_code("Permisjon", "OFF_DUTY", None, {"Sabbatical": "13"})
    assert choice == CodeChoice("05", "leave kind")


@pytest.mark.parametrize("kind", [None, "", "UNKNOWN_KIND"])
def test_without_name_relation_override_or_known_kind_the_type_is_unmapped(
    kind: str | None,
) -> None:
    assert absence_code("Velferdspermisjon", kind, None, {}) == CodeChoice(None, "unmapped")


def test_the_table_for_people_lists_every_name_and_kind() -> None:
    text = as_markdown()
    for name, code in SEED_NAMES:
        assert f"| {name} | {code} |" in text
    for kind, code in KINDS:
        assert f"| any type of kind {kind} | {code} |" in text
