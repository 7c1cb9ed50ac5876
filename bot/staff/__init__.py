"""The staff console: accounts, sessions, audit log, and the pages under ``/staff``."""
