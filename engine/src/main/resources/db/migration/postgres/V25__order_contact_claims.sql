-- One claim per new customer's email hash while its Brightpearl contact is being created, so that
-- two orders of one new customer on two nodes make one contact (flow.order.ContactDirectory). The
-- holder deletes its claim once the contact is cached; a claim whose holder died expires at
-- expires_at and is taken over after a fresh contact search. Keep in step with the other engine's V25.
CREATE TABLE order_contact_claims (
  email_hash TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
