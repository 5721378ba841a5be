-- Each order whose OrderPlaced the engine has accepted, recorded by the bridge before it commits
-- the record's offset. A payment whose order has no window yet is an orphan only if its order has
-- not arrived either: an order that arrived but is not reserved yet (a burst, a backlog of jobs) is
-- waited for, however long the reservation takes.
CREATE TABLE order_arrival (
    order_id              VARCHAR(128)   PRIMARY KEY,
    arrived_at            TIMESTAMP      NOT NULL
);
