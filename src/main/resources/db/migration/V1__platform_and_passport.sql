-- Platform and passport: candidate accounts, the notification outbox and the append-only audit log.

create table account (
  id                  uuid primary key default gen_random_uuid(),
  email               text not null check (length(email) between 3 and 254),
  mobile              text not null check (mobile ~ '^1[3-9][0-9]{9}$'),
  password_hash       text not null,
  status              text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
  created_at          timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);
-- E-mail is unique case-insensitively and mobile is unique: the database decides, whatever the race.
create unique index account_email_key on account (lower(email));
create unique index account_mobile_key on account (mobile);

-- Messages waiting for the outbox job (e-mail over SMTP, SMS through the gateway); at-least-once delivery.
create table notification_outbox (
  id              bigint generated always as identity primary key,
  channel         text not null check (channel in ('EMAIL', 'SMS')),
  recipient       text not null,
  subject         text not null default '',
  body            text,
  created_at      timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  locked_until    timestamptz,
  attempts        int not null default 0,
  sent_at         timestamptz,
  failed_at       timestamptz,
  last_error      text
);
create index notification_outbox_due on notification_outbox (next_attempt_at) where sent_at is null and failed_at is null;

-- Every staff action and every state change: who, what, before and after, in the same transaction as the change.
create table audit_log (
  id          bigint generated always as identity primary key,
  at          timestamptz not null default now(),
  actor_kind  text not null check (actor_kind in ('CANDIDATE', 'STAFF', 'SYSTEM', 'GATEWAY')),
  actor_id    text,
  actor_role  text,
  action      text not null,
  target_type text not null,
  target_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text,
  ip          text
);
create index audit_log_target on audit_log (target_type, target_id, at);
create index audit_log_at on audit_log (at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- Staff accounts are separate from candidate passports. The national admin "admin" is created at first start;
-- roles and scopes are managed by the admin context (the center reference is added with the catalogue).
create table staff_account (
  id                   bigint generated always as identity primary key,
  username             text not null unique check (username ~ '^[a-z0-9_.-]{3,32}$'),
  password_hash        text not null,
  role                 text not null check (role in ('NATIONAL_ADMIN', 'PROVINCE_ADMIN', 'CENTER_STAFF')),
  province_code        text,
  center_id            bigint,
  display_name         text not null default '',
  status               text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
  created_at           timestamptz not null default now(),
  password_changed_at  timestamptz not null default now(),
  created_by           bigint references staff_account (id),
  check ((role = 'NATIONAL_ADMIN' and province_code is null and center_id is null)
      or (role = 'PROVINCE_ADMIN' and province_code is not null and center_id is null)
      or (role = 'CENTER_STAFF' and province_code is not null and center_id is not null))
);
