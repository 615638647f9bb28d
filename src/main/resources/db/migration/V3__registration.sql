-- Candidate registrations, their seats (one row per subject held or confirmed) and the center's review.

create table registration (
  id                    uuid primary key default gen_random_uuid(),
  account_id            uuid not null references account (id),
  exam_session_id       bigint not null references exam_session (id),
  center_id             bigint not null references test_center (id),
  province_code         text not null references province (code),
  status                text not null check (status in ('DRAFT', 'PENDING_REVIEW', 'REJECTED', 'PAYABLE', 'PAID',
                                                        'CANCELLED', 'EXPIRED')),
  agreement_version     text not null,
  agreement_accepted_at timestamptz not null,
  id_type               text not null check (id_type in ('RESIDENT_ID', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'PASSPORT',
                                                          'FOREIGN_PERMANENT_ID', 'HMT_RESIDENCE_PERMIT')),
  -- The ID number is stored encrypted (AES-256-GCM); a keyed digest finds it, a masked form shows it.
  id_number_enc         bytea not null,
  id_digest             text not null,
  id_masked             text not null,
  id_last4              text not null,
  name                  text,
  gender                text check (gender in ('M', 'F')),
  birth_date            date,
  ethnicity             text,
  education             text,
  occupation            text,
  phone                 text,
  address               text,
  postal_code           text,
  class_name            text,
  profile_updated_at    timestamptz,
  review_reason         text,
  reviewed_at           timestamptz,
  reviewed_by           bigint references staff_account (id),
  submitted_at          timestamptz,
  payable_at            timestamptz,
  paid_at               timestamptz,
  ended_at              timestamptz,
  hold_expires_at       timestamptz,
  version               int not null default 0,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);
-- One live registration (one test center) per account per exam session; ended ones do not count.
create unique index registration_one_per_session on registration (account_id, exam_session_id)
  where status not in ('CANCELLED', 'EXPIRED');
create index registration_by_center on registration (center_id, status, submitted_at);
create index registration_by_account on registration (account_id, created_at);
create index registration_by_session_province on registration (exam_session_id, province_code, status);
create index registration_hold_due on registration (hold_expires_at) where hold_expires_at is not null;
create index registration_id_last4 on registration (center_id, id_last4);

-- A seat: one row per subject a registration holds (HELD) or has paid for (CONFIRMED). The row and the center's
-- capacity counter change in one transaction; a released seat's row is deleted.
create table registration_subject (
  registration_id uuid not null references registration (id),
  exam_session_id bigint not null,
  center_id       bigint not null,
  subject_code    text not null,
  id_digest       text not null,
  state           text not null check (state in ('HELD', 'CONFIRMED')),
  held_at         timestamptz not null default now(),
  primary key (registration_id, subject_code),
  foreign key (center_id, subject_code) references center_capacity (center_id, subject_code)
);
-- One person takes a subject at most once per exam session, whatever the account.
create unique index registration_subject_once_per_person on registration_subject (exam_session_id, id_digest, subject_code);
create index registration_subject_by_center on registration_subject (center_id, subject_code, state);

create table registration_photo (
  registration_id uuid primary key references registration (id),
  jpeg            bytea not null,
  width           int not null,
  height          int not null,
  size_bytes      int not null,
  uploaded_at     timestamptz not null default now()
);

-- Every review decision, shown to the candidate and to staff as the registration's history.
create table review_decision (
  id              bigint generated always as identity primary key,
  registration_id uuid not null references registration (id),
  decision        text not null check (decision in ('APPROVE', 'REJECT')),
  reason          text,
  staff_id        bigint not null references staff_account (id),
  decided_at      timestamptz not null default now()
);
create index review_decision_by_registration on review_decision (registration_id, decided_at);

-- A center's reusable rejection reasons.
create table review_reason_template (
  id            bigint generated always as identity primary key,
  province_code text not null,
  center_code   text not null,
  text          text not null check (length(text) between 1 and 200),
  unique (province_code, center_code, text)
);
