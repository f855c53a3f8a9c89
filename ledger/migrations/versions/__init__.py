"""The ledger's schema revisions."""
