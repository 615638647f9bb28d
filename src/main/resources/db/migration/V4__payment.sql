-- Orders, gateway events and reconciliation. At most one paid order per registration and each gateway event
-- recorded once are constraints, so no race or replay can pay twice or lose a payment.

create table payment_order (
  id                uuid primary key default gen_random_uuid(),
  registration_id   uuid not null references registration (id),
  merchant_order_no text not null unique check (merchant_order_no ~ '^[A-Za-z0-9_-]{6,32}$'),
  gateway           text not null check (gateway in ('alipay', 'wechat')),
  amount_fen        integer not null check (amount_fen > 0),
  status            text not null check (status in ('CREATED', 'AT_GATEWAY', 'PAID', 'CLOSED', 'REFUNDING', 'REFUNDED')),
  expires_at        timestamptz not null,
  pay_url           text,
  gateway_txn_id    text,
  paid_at           timestamptz,
  paid_amount_fen   integer,
  closed_at         timestamptz,
  refund_no         text,
  refund_reason     text,
  refunded_at       timestamptz,
  last_checked_at   timestamptz,
  locked_until      timestamptz,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
-- One paid order per registration, and one live order at a time (a second order reuses or closes the first).
create unique index payment_order_one_paid on payment_order (registration_id) where status = 'PAID';
create unique index payment_order_one_live on payment_order (registration_id) where status in ('CREATED', 'AT_GATEWAY');
create index payment_order_by_registration on payment_order (registration_id, created_at);
create index payment_order_due on payment_order (expires_at) where status in ('CREATED', 'AT_GATEWAY', 'REFUNDING');
create index payment_order_paid_day on payment_order (gateway, paid_at);

-- Every notify and query answer we acted on, once: replays and duplicates hit the primary key.
create table gateway_event (
  gateway           text not null,
  event_id          text not null,
  received_at       timestamptz not null default now(),
  merchant_order_no text,
  gateway_txn_id    text,
  state             text,
  amount_fen        bigint,
  outcome           text,
  primary key (gateway, event_id)
);
create index gateway_event_by_order on gateway_event (merchant_order_no, received_at);

-- What the candidate sees of a payment: created, at the gateway, paid, closed, refunding, refunded, each with a time.
create table payment_timeline (
  id       bigint generated always as identity primary key,
  order_id uuid not null references payment_order (id),
  at       timestamptz not null default now(),
  event    text not null,
  detail   text
);
create index payment_timeline_by_order on payment_timeline (order_id, id);

-- Daily statement reconciliation: one run per gateway and day, each difference listed.
create table reconciliation_run (
  id             bigint generated always as identity primary key,
  gateway        text not null,
  statement_date date not null,
  run_at         timestamptz not null default now(),
  statement_rows int not null,
  our_rows       int not null,
  differences    int not null,
  unique (gateway, statement_date, run_at)
);
create table reconciliation_difference (
  id                bigint generated always as identity primary key,
  run_id            bigint not null references reconciliation_run (id),
  kind              text not null check (kind in ('MISSING_HERE', 'MISSING_AT_GATEWAY', 'AMOUNT_MISMATCH', 'STATE_MISMATCH')),
  merchant_order_no text,
  gateway_txn_id    text,
  our_amount_fen    bigint,
  their_amount_fen  bigint,
  detail            text
);
create index reconciliation_difference_by_run on reconciliation_difference (run_id);

-- The subjects an order pays for, kept so a late payment can be reinstated after its seats went back to the pool.
alter table payment_order add column subjects text[] not null default '{}';
