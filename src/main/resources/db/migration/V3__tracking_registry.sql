-- The tracking instance that owns each order. The first to claim an order owns it for good: an
-- instance that a buffered milestone message starts after the order's tracking has ended finds
-- the order taken and ends without an event.
CREATE TABLE tracking_instance (
    order_id              VARCHAR(128) PRIMARY KEY,
    process_instance_key  BIGINT       NOT NULL,
    claimed_at            TIMESTAMP    NOT NULL
);
