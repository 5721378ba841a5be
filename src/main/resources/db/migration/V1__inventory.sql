-- Stock per SKU; a reservation per order (its lines say what it took), so that reserve and
-- release are idempotent by order id.
CREATE TABLE stock (
    sku        VARCHAR(64) PRIMARY KEY,
    available  INTEGER     NOT NULL,
    CONSTRAINT stock_never_negative CHECK (available >= 0)
);

CREATE TABLE reservation (
    order_id    VARCHAR(128) PRIMARY KEY,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT reservation_status CHECK (status IN ('RESERVED', 'RELEASED'))
);

CREATE TABLE reservation_line (
    order_id  VARCHAR(128) NOT NULL REFERENCES reservation (order_id),
    sku       VARCHAR(64)  NOT NULL,
    quantity  INTEGER      NOT NULL,
    PRIMARY KEY (order_id, sku),
    CONSTRAINT reservation_line_positive CHECK (quantity > 0)
);
