-- The claim tables' clean-up (ClaimRetention) deletes claims older than the retention by
-- claimed_at: an index each, so it does not scan the whole table.
CREATE INDEX order_instance_claimed_at ON order_instance (claimed_at);
CREATE INDEX tracking_instance_claimed_at ON tracking_instance (claimed_at);
