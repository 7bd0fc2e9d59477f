-- Reconciliation: requested and unfinished runs are found by status.
CREATE INDEX reconciliations_status_idx ON reconciliations (status, id);
