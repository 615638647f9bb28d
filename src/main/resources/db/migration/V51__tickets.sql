-- Admission tickets (issue 8): each center's rooms and exam slots, the arrangement runs, the numbered tickets and
-- their pre-rendered PDFs. See docs/tickets.md for the fill order and the number format.

-- The center's 3-digit number inside ticket numbers, unique in its province and session.
create table ticket_center (
  center_id       bigint primary key references test_center (id),
  exam_session_id bigint not null references exam_session (id),
  province_code   text not null references province (code),
  center_no       text not null check (center_no ~ '^[0-9]{3}$'),
  updated_at      timestamptz not null default now(),
  unique (exam_session_id, province_code, center_no)
);

create table ticket_room (
  center_id bigint not null references ticket_center (center_id),
  number    int not null check (number between 1 and 999),
  size      int not null check (size between 1 and 99),
  location  text not null default '' check (length(location) <= 60),
  primary key (center_id, number)
);

-- Exam slot (场次) n of the center: when it runs and which subjects are sat in it.
create table ticket_slot (
  center_id bigint not null references ticket_center (center_id),
  slot      int not null check (slot between 1 and 99),
  starts_at timestamptz not null,
  ends_at   timestamptz not null,
  primary key (center_id, slot),
  check (starts_at < ends_at)
);

create table ticket_slot_subject (
  center_id    bigint not null,
  slot         int not null,
  subject_code text not null check (subject_code ~ '^[0-9]{2}$'),
  primary key (center_id, slot, subject_code),
  foreign key (center_id, slot) references ticket_slot (center_id, slot)
);

-- One row per arrangement run of a center; an unfinished one (RUNNING after a crash, or FAILED) is resumed from its
-- cursor by the next run. The cursor is the last candidate stored: subject, paid time, registration id.
create table ticket_arrangement_run (
  id                  bigint generated always as identity primary key,
  exam_session_id     bigint not null references exam_session (id),
  center_id           bigint not null references test_center (id),
  status              text not null check (status in ('RUNNING', 'DONE', 'FAILED')),
  cursor_subject      text,
  cursor_paid_at      timestamptz,
  cursor_registration uuid,
  assigned            int not null default 0,
  kept                int not null default 0,
  reinstated          int not null default 0,
  voided              int not null default 0,
  batches             int not null default 0,
  error               text,
  started_by          text,
  started_at          timestamptz not null default now(),
  finished_at         timestamptz
);
create index ticket_arrangement_run_by_center on ticket_arrangement_run (center_id, id);

-- A ticket keeps its seat for good: a voided one (refund) still holds its number and (slot, room, seat), so no one
-- else is ever numbered into it and nobody is renumbered.
create table ticket (
  id              bigint generated always as identity primary key,
  exam_session_id bigint not null references exam_session (id),
  center_id       bigint not null references test_center (id),
  registration_id uuid not null references registration (id),
  subject_code    text not null,
  ticket_number   text not null check (ticket_number ~ '^[0-9]{15}$'),
  slot            int not null,
  room            int not null,
  seat            int not null,
  run_id          bigint references ticket_arrangement_run (id),
  voided_at       timestamptz,
  void_reason     text,
  pdf_lease_until timestamptz,
  created_at      timestamptz not null default now(),
  unique (exam_session_id, ticket_number),
  unique (exam_session_id, center_id, slot, room, seat),
  foreign key (center_id, room) references ticket_room (center_id, number),
  foreign key (center_id, slot) references ticket_slot (center_id, slot)
);
-- One live ticket per registration and subject.
create unique index ticket_live on ticket (registration_id, subject_code) where voided_at is null;
create index ticket_by_center on ticket (center_id, subject_code);

create table ticket_pdf (
  ticket_id   bigint primary key references ticket (id),
  pdf         bytea not null,
  rendered_at timestamptz not null default now()
);
