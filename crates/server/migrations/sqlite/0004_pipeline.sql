-- Opportunities (商机) and segment campaigns (营销活动): the shared tables both features
-- build on. Keep in step with ../postgres/0004_pipeline.sql.

-- A customer who asked not to be contacted for marketing is left out of campaigns.
ALTER TABLE customers ADD COLUMN marketing_opt_out BIGINT NOT NULL DEFAULT 0;

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    -- NULL: a bank-wide campaign (admin); else the branch manager's branch.
    branch_id BIGINT REFERENCES branches(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    goal TEXT NOT NULL,
    offer TEXT NOT NULL,
    -- The segment's definition (JSON), kept as it was when the campaign started.
    segment TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    event_on TEXT,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX campaigns_branch ON campaigns(branch_id);

-- Who was in the segment when it was frozen, why, and what came of it. `rm_id` is the
-- RM at freezing time; `excluded` names why a member is left out (e.g. marketing opt-out).
CREATE TABLE campaign_members (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    rm_id BIGINT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    excluded TEXT,
    response TEXT NOT NULL DEFAULT 'none',
    contacted_at BIGINT,
    responded_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (campaign_id, customer_id)
);
CREATE INDEX campaign_members_rm ON campaign_members(rm_id);
CREATE INDEX campaign_members_customer ON campaign_members(customer_id);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    rm_id BIGINT NOT NULL REFERENCES users(id),
    product_id BIGINT REFERENCES products(id),
    product_family TEXT NOT NULL,
    -- Integer fen.
    expected_amount BIGINT NOT NULL,
    source TEXT NOT NULL,
    -- The figures that made the recommendation or warning (JSON), kept as they were.
    source_detail TEXT NOT NULL,
    campaign_id BIGINT REFERENCES campaigns(id),
    stage TEXT NOT NULL,
    lost_reason TEXT,
    won_amount BIGINT,
    next_step TEXT,
    next_step_on TEXT,
    -- The 65+ / lowest-C1 confirmation (JSON), recorded before "proposed".
    confirmation TEXT,
    opened_at BIGINT NOT NULL,
    opened_by BIGINT NOT NULL REFERENCES users(id),
    closed_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX opportunities_customer ON opportunities(customer_id);
CREATE INDEX opportunities_rm_stage ON opportunities(rm_id, stage);
CREATE INDEX opportunities_campaign ON opportunities(campaign_id);

CREATE TABLE opportunity_events (
    id INTEGER PRIMARY KEY,
    opportunity_id BIGINT NOT NULL REFERENCES opportunities(id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    at BIGINT NOT NULL,
    by_id BIGINT NOT NULL REFERENCES users(id),
    note TEXT
);
CREATE INDEX opportunity_events_opportunity ON opportunity_events(opportunity_id);
