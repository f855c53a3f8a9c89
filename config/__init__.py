"""Configuration: finding and reading the tenant files (the only code that reads them)."""
