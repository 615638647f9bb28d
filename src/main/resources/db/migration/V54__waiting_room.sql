-- The waiting room of a province's window (feature S5): staff switch it on and set its rate; every entry is kept
-- here too, with its order score and its admission, so a flushed or restarted Redis is rebuilt from this record.
create table waiting_room (
  exam_session_id    bigint not null,
  province_code      text not null,
  enabled            boolean not null default false,
  -- null: the window's opens_at minus 15 minutes
  opens_at           timestamptz,
  admit_per_second   integer not null default 20 check (admit_per_second between 1 and 10000),
  admission_minutes  integer not null default 30 check (admission_minutes between 1 and 1440),
  updated_at         timestamptz not null default now(),
  primary key (exam_session_id, province_code),
  foreign key (exam_session_id, province_code) references province_window (exam_session_id, province_code)
);

create table waiting_room_entry (
  exam_session_id bigint not null,
  province_code   text not null,
  account_id      uuid not null references account (id),
  -- the order: a random number in [0, 1) for those who came before the opening, the entry time (epoch µs) after
  score           double precision not null,
  entered_at      timestamptz not null,
  admitted_until  timestamptz,
  primary key (exam_session_id, province_code, account_id),
  foreign key (exam_session_id, province_code) references waiting_room (exam_session_id, province_code)
);
