"""What text payroll may show: no control or invisible characters, and lengths it accepts."""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

# Unicode categories no name, address or e-mail on a payslip or in the a-melding may hold:
# control characters (Cc: tab, newline, ESC of an ANSI escape), format characters (Cf: the
# bidi overrides U+202E/U+202D, zero-width space and joiners, the BOM), private use (Co),
# surrogates (Cs), unassigned code points (Cn), and line/paragraph separators (Zl, Zp).
_UNPRINTABLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
# U+FFFD is what a broken encoding leaves behind; no real name holds it.
_REPLACEMENT = "\ufffd"

# The longest text each AlexisHR field may have to reach payroll. Choice (spec silent): neither
# the 24SevenOffice spec nor our a-melding notes give lengths, so these are the stricter of what
# the payroll's own forms take and the a-melding's text types (names and postal places 50,
# address lines 100 characters); e-mail by RFC 5321's 254; a foreign postal code 10.
MAX_LENGTHS = MappingProxyType(
    {
        "firstName": 50,
        "lastName": 50,
        "workEmail": 254,
        "privateEmail": 254,
        "homeAddress.street": 100,
        "homeAddress.postalCode": 10,
        "homeAddress.city": 50,
        "homeAddress.country": 50,
        "nationality": 50,
        "ssn": 30,
        "bankAccount.number": 34,
        "bankAccount.iban": 42,
        "bankAccount.bic": 11,
        "bankAccount.clearing": 20,
        "bankAccount.country": 50,
        "child.name": 100,
        "description": 255,
    }
)


def is_printable(value: str) -> bool:
    """True when `value` holds no control, format, private-use or unassigned characters."""
    if value.isprintable():
        # Python's own test refuses every category above (and other spaces): a C-speed yes.
        return _REPLACEMENT not in value
    return _REPLACEMENT not in value and not any(
        unicodedata.category(ch) in _UNPRINTABLE for ch in value
    )


def fits(value: str, field: str) -> bool:
    """True when `value` is no longer than `field` may be in payroll."""
    return len(value) <= MAX_LENGTHS[field]
