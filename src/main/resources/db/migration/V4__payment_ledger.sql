-- Every captured payment, from the moment its payment process or its order saw it, until it is
-- applied to its order or refunded. A payment is applied or refunded once: both are conditional
-- updates from CAPTURED.
CREATE TABLE payment (
    payment_id            VARCHAR(128)   PRIMARY KEY,
    order_id              VARCHAR(128)   NOT NULL,
    amount                DECIMAL(19, 4),
    captured_at           TIMESTAMP      NOT NULL,
    state                 VARCHAR(16)    NOT NULL,   -- CAPTURED, APPLIED, REFUNDING, REFUNDED
    refund_reason         VARCHAR(512),
    cancels_order         BOOLEAN,
    process_instance_key  BIGINT,                    -- the payment process that owns it
    updated_at            TIMESTAMP      NOT NULL
);
CREATE INDEX payment_by_order ON payment (order_id, state);

-- Each order's payment window, in business time: open from the reservation until a payment is
-- applied (PAID), the window closes unpaid (CLOSED), or the order is rejected; CANCELLED once the
-- order desk refunded the applied payment.
CREATE TABLE payment_window (
    order_id              VARCHAR(128)   PRIMARY KEY,
    deadline              TIMESTAMP,
    state                 VARCHAR(16)    NOT NULL,   -- OPEN, PAID, CLOSED, REJECTED, CANCELLED
    paid_by               VARCHAR(128),
    updated_at            TIMESTAMP      NOT NULL
);
