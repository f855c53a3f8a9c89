"""The sync engine: the generic steps every pipeline runs, whatever it syncs.

A pipeline (`tasks.employees`, `tasks.absences`) provides declarations and I/O: its mapping
rules and keys (`schemas.mapping`), its frame models (`schemas`), the reads that fill its frames
and the writes that apply a change. The engine provides the rest: typed frames
(`frames`), lazy validation into quarantine entries (`validate`), running the mapping rules and
gating on what payroll accepts (`rules`), field-level diff and write payloads (`diff`), the
change set and the step data classes (`changes`), per-record load failures (`load`), the head
count and mass-change guards (`guards`), the report (`report`), progress (`progress`), read
retries (`reads`), kept results (`results`) and connected clients (`connections`); and the
payroll-safety steps: approvals and the brake (`approval`, `approval_pause`), the payroll calendar
(`calendar`), the ledger's drift check and records (`ledger`), honest plans (`plans`).
"""
