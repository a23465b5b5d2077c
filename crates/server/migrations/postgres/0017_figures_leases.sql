-- Big scopes' figures served stale while new ones are computed (docs/rules.md, Big
-- scopes; ARCHITECTURE.md, "Stale while computed again"). Keep in step with
-- ../sqlite/0017_figures_leases.sql.

-- Who computes a scope's figures now: one row per scope, taken by one conditional
-- INSERT ... ON CONFLICT DO UPDATE ... WHERE the lease has expired, which only one
-- instance can win; renewed while the holder folds, and expired after `expires_at`
-- (Unix ms) so a crashed holder blocks nobody for long.
CREATE TABLE figures_leases (
    scope_key TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- How many times a scope's figures were computed and stored, and by whom last: what
-- shows that several instances computed them once between them.
ALTER TABLE scope_figures ADD COLUMN computations BIGINT NOT NULL DEFAULT 1;
ALTER TABLE scope_figures ADD COLUMN computed_by TEXT NOT NULL DEFAULT '';
