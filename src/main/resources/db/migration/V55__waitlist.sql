-- Waiting lists (feature S6): a candidate whose subject is sold out at a center queues for it. A seat given back
-- while someone waits is not returned to the open pool: in the same transaction the first waiting entry becomes an
-- OFFER, which keeps the seat counted in center_capacity.taken (and the center's total_taken), so the open pool
-- never sees it and capacity can never be exceeded. The offer is accepted (the seat becomes the candidate's HELD
-- seat, taken unchanged), declined or lapses (the seat goes to the next waiting entry, or back to the pool).
-- Invariant: taken = seats (registration_subject) + live offers, per center x subject.
create table waitlist_entry (
  id               bigint generated always as identity primary key,
  registration_id  uuid not null references registration (id),
  exam_session_id  bigint not null,
  center_id        bigint not null,
  subject_code     text not null,
  state            text not null check (state in ('WAITING', 'OFFERED', 'ACCEPTED', 'LAPSED', 'DECLINED', 'LEFT',
                                                  'CLOSED')),
  joined_at        timestamptz not null,
  -- set when the diversion makes the entry an offer; offered_at / offer_expires_at / notified when the offer job
  -- starts its clock and tells the candidate (seconds later), so the seat path itself needs no clock or outbox
  diverted_at      timestamptz,
  offered_at       timestamptz,
  offer_expires_at timestamptz,
  resolved_at      timestamptz,
  foreign key (center_id, subject_code) references center_capacity (center_id, subject_code),
  check (state <> 'OFFERED' or (diverted_at is not null and resolved_at is null)),
  check (offer_expires_at is null or offered_at is not null)
);
-- One live entry per registration and subject.
create unique index waitlist_one_live_entry on waitlist_entry (registration_id, subject_code)
  where state in ('WAITING', 'OFFERED');
-- The queue of a center x subject, first come first served.
create index waitlist_queue on waitlist_entry (center_id, subject_code, joined_at, id) where state = 'WAITING';
create index waitlist_offers on waitlist_entry (offer_expires_at) where state = 'OFFERED';
create index waitlist_by_registration on waitlist_entry (registration_id);
