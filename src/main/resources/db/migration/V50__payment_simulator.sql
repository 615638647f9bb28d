-- The built-in payment-gateway simulator (dev and test profiles only; production never writes these tables). It
-- plays the gateways' side of both protocols: trades, refunds, notify deliveries with each gateway's retry schedule,
-- and the fault settings. State lives here, not in memory, so several service instances simulate one gateway.

create table sim_trade (
  gateway           text not null check (gateway in ('alipay', 'wechat')),
  merchant_order_no text not null,
  gateway_txn_id    text not null unique,
  app_id            text not null,
  subject           text not null,
  amount_fen        bigint not null check (amount_fen > 0),
  -- refunds do not change the status: Alipay and WeChat words are derived from status and refunded_fen
  status            text not null check (status in ('WAIT_BUYER_PAY', 'PAID', 'CLOSED')),
  refunded_fen      bigint not null default 0,
  notify_url        text not null,
  return_url        text not null default '',
  expires_at        timestamptz,
  created_at        timestamptz not null,
  paid_at           timestamptz,
  closed_at         timestamptz,
  -- the payment notify's id, the same for every copy and retry
  pay_event_id      text,
  primary key (gateway, merchant_order_no),
  check (refunded_fen between 0 and amount_fen),
  check ((status = 'PAID') = (paid_at is not null))
);
create index sim_trade_paid_at on sim_trade (gateway, paid_at) where paid_at is not null;

create table sim_refund (
  gateway           text not null,
  merchant_order_no text not null,
  refund_no         text not null,
  gateway_refund_id text not null unique,
  amount_fen        bigint not null check (amount_fen > 0),
  reason            text not null default '',
  refunded_at       timestamptz not null,
  primary key (gateway, merchant_order_no, refund_no),
  foreign key (gateway, merchant_order_no) references sim_trade (gateway, merchant_order_no)
);
create index sim_refund_at on sim_refund (gateway, refunded_at);

-- One row per notify copy. The payload is the event's content; it is signed afresh at each attempt (Alipay's
-- notify_time and WeChat's timestamp header are per attempt). A held row waits for the next notify (reorder).
create table sim_notify (
  id                bigint generated always as identity primary key,
  gateway           text not null check (gateway in ('alipay', 'wechat')),
  merchant_order_no text not null,
  event_id          text not null,
  kind              text not null check (kind in ('PAID', 'REFUND', 'CLOSED')),
  notify_url        text not null,
  payload           text not null,
  created_at        timestamptz not null default now(),
  next_attempt_at   timestamptz not null default now(),
  held              boolean not null default false,
  locked_until      timestamptz,
  attempts          int not null default 0,
  delivered_at      timestamptz,
  gave_up_at        timestamptz,
  last_result       text
);
create index sim_notify_due on sim_notify (next_attempt_at) where delivered_at is null and gave_up_at is null;
create index sim_notify_order on sim_notify (gateway, merchant_order_no);

-- The fault settings per gateway (PUT /sim/{gateway}/faults); no row means no faults.
create table sim_fault (
  gateway   text primary key check (gateway in ('alipay', 'wechat')),
  duplicate int not null default 1 check (duplicate between 1 and 100),
  reorder   boolean not null default false,
  drop_next int not null default 0 check (drop_next between 0 and 1000),
  delay_ms  int not null default 0 check (delay_ms between 0 and 3600000)
);
