-- The process instance that owns each order. The first instance to claim an order owns it for
-- good: a redelivered OrderPlaced that outlived the engine's dedup window starts an instance
-- that finds the order taken and ends without a second outcome.
CREATE TABLE order_instance (
    order_id              VARCHAR(128) PRIMARY KEY,
    process_instance_key  BIGINT       NOT NULL,
    claimed_at            TIMESTAMP    NOT NULL
);
