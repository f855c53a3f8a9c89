"""The ledger: what hrsync wrote to payroll, as keyed hashes, in SQLite or PostgreSQL."""
