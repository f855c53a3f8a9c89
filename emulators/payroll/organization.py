"""The company and its sites (virksomheter) of ``/organization/v2``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stdnum.no import orgnr

from emulators.payroll import validation as check
from emulators.payroll import wire
from emulators.payroll.errors import PayrollValidationError

TAX_ZONES = ("1", "1a", "2", "3", "4", "4a", "5")
ORGANIZATION_PARSERS: dict[str, wire.Parser] = {
    "name": wire.text(),
    "orgno": check.organization_number,
    "enterprise_number": check.organization_number,
    "address": wire.text(),
    "zipcode": wire.text(),
    "tax_zone": wire.one_of(TAX_ZONES),
    "bank_account": check.bank_account,
    "tax_account": check.bank_account,
    "industry": wire.one_of(("ordinarie", "godstransport", "lantbruk", "sektorunntatt")),
    "tax_rule": wire.one_of(("standard", "skattefriOrganisasjon")),
    # Choice (spec silent): Norwegian pension can start at 62; folketrygden stops at 75.
    "retirement_age": wire.integer(minimum=62, maximum=75),
}
SITE_PARSERS: dict[str, wire.Parser] = {
    "id": wire.text(),
    "name": wire.text(),
    "enterprise_number": check.organization_number,
    "tax_zone": wire.one_of(TAX_ZONES),  # "tax zone can be empty for sites"
}
# Not writable: the POST field list of the spec leaves it out.
READ_ONLY_FIELDS = ("country_code",)


@dataclass
class Organization:
    """The company record, its sites by id, and the counter behind new site ids."""

    fields: dict[str, str]
    sites: dict[str, dict[str, str]] = field(default_factory=dict)
    next_site_id: int = 1

    def site_numbers(self) -> set[str]:
        """Virksomhetsnumre an employment may be tied to."""
        return {site["enterprise_number"] for site in self.sites.values()}

    def updated(self, body: dict[str, Any], *, strict_unknown_keys: bool = False) -> Organization:
        """The organization after ``POST /organization/v2``; sites without an id are created.

        Args:
            body: The JSON object as sent.
            strict_unknown_keys: Reject keys that are not organization fields.

        Returns:
            A new organization; this one is untouched, so a rejected update changes nothing.
        """
        given = check.parse_known(
            {key: value for key, value in body.items() if key != "sites"},
            ORGANIZATION_PARSERS,
            ignored=READ_ONLY_FIELDS,
            strict_unknown_keys=strict_unknown_keys,
        )
        result = Organization({**self.fields, **given}, dict(self.sites), self.next_site_id)
        for required in ("name", "orgno"):
            check.require(result.fields, required)
        raw_sites = body.get("sites", [])
        if not isinstance(raw_sites, list):
            raise PayrollValidationError("sites", "sites must be an array")
        for index, raw_site in enumerate(raw_sites):
            site = check.parse_known(
                check.require_object(f"sites[{index}]", raw_site),
                SITE_PARSERS,
                strict_unknown_keys=strict_unknown_keys,
            )
            result._store_site(site, index)
        return result

    def _store_site(self, given: dict[str, str], index: int) -> None:
        site_id = given.get("id", "")
        if site_id and site_id not in self.sites:
            raise PayrollValidationError("id", f"site id {site_id} does not exist", index=index)
        if not site_id:
            site_id = str(self.next_site_id)
            self.next_site_id += 1
        current = self.sites.get(site_id, {"name": "", "enterprise_number": "", "tax_zone": ""})
        site = {**current, **given, "id": site_id}
        if not site["enterprise_number"]:
            raise PayrollValidationError(
                "enterprise_number", "enterprise_number is required for a site", index=index
            )
        # Choice (spec silent): two sites sharing a virksomhetsnummer make employments ambiguous.
        if any(
            other["enterprise_number"] == site["enterprise_number"]
            for other_id, other in self.sites.items()
            if other_id != site_id
        ):
            raise PayrollValidationError(
                "enterprise_number", "another site has this enterprise_number", index=index
            )
        self.sites[site_id] = site

    def view(self) -> dict[str, Any]:
        """The organization as ``GET /organization/v2`` returns it (an object, not an array)."""
        sites = [
            {key: site[key] for key in ("id", "name", "enterprise_number", "tax_zone")}
            for site in self.sites.values()
        ]
        return {**self.fields, "country_code": "NO", "sites": sites}


def seed_organization(name: str, number: int) -> Organization:
    """A new client's organization with one site; org numbers are valid and distinct per ``number``.

    Args:
        name: Company name.
        number: Position of the company in the emulator, used to make distinct org numbers.

    Returns:
        The seeded organization.
    """
    site_number = _valid_orgnr(81_100_000 + 100 * number)
    fields = {
        "name": name,
        "orgno": _valid_orgnr(91_100_000 + 100 * number),
        "enterprise_number": site_number,
        "address": "Inkognitogata 33",
        "zipcode": "0256",
        "tax_zone": "1",
        "bank_account": "86011117947",
        "tax_account": "12345678903",
        "industry": "ordinarie",
        "tax_rule": "standard",
        "retirement_age": "67",
    }
    site = {"id": "1", "name": name, "enterprise_number": site_number, "tax_zone": "1"}
    return Organization(fields, {"1": site}, next_site_id=2)


def _valid_orgnr(first_prefix: int) -> str:
    """The first 9-digit number from ``first_prefix`` (8 digits) whose mod-11 check digit exists."""
    prefix = first_prefix
    while True:
        for check_digit in range(10):
            candidate = f"{prefix}{check_digit}"
            if orgnr.is_valid(candidate):
                return candidate
        prefix += 1
