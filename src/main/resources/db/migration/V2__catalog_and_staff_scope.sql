-- Exam catalogue: provinces (GB/T 2260), exam sessions with subjects and fees, per-province windows, test centers
-- with capacities. Staff scope moves to (province, center code) so a center's staff keep their account across
-- exam sessions.

create table province (
  code       text primary key check (code ~ '^[1-8][0-9]$'),
  name       text not null,
  name_en    text not null,
  sort_order int not null
);
insert into province (code, name, name_en, sort_order) values
  ('11', '北京市', 'Beijing', 1), ('12', '天津市', 'Tianjin', 2), ('13', '河北省', 'Hebei', 3),
  ('14', '山西省', 'Shanxi', 4), ('15', '内蒙古自治区', 'Inner Mongolia', 5), ('21', '辽宁省', 'Liaoning', 6),
  ('22', '吉林省', 'Jilin', 7), ('23', '黑龙江省', 'Heilongjiang', 8), ('31', '上海市', 'Shanghai', 9),
  ('32', '江苏省', 'Jiangsu', 10), ('33', '浙江省', 'Zhejiang', 11), ('34', '安徽省', 'Anhui', 12),
  ('35', '福建省', 'Fujian', 13), ('36', '江西省', 'Jiangxi', 14), ('37', '山东省', 'Shandong', 15),
  ('41', '河南省', 'Henan', 16), ('42', '湖北省', 'Hubei', 17), ('43', '湖南省', 'Hunan', 18),
  ('44', '广东省', 'Guangdong', 19), ('45', '广西壮族自治区', 'Guangxi', 20), ('46', '海南省', 'Hainan', 21),
  ('50', '重庆市', 'Chongqing', 22), ('51', '四川省', 'Sichuan', 23), ('52', '贵州省', 'Guizhou', 24),
  ('53', '云南省', 'Yunnan', 25), ('54', '西藏自治区', 'Xizang', 26), ('61', '陕西省', 'Shaanxi', 27),
  ('62', '甘肃省', 'Gansu', 28), ('63', '青海省', 'Qinghai', 29), ('64', '宁夏回族自治区', 'Ningxia', 30),
  ('65', '新疆维吾尔自治区', 'Xinjiang', 31);

create table exam_session (
  id         bigint generated always as identity primary key,
  name       text not null unique check (length(name) between 1 and 60),
  name_en    text not null default '' check (length(name_en) <= 80),
  created_at timestamptz not null default now()
);

create table subject (
  exam_session_id bigint not null references exam_session (id),
  code            text not null check (code ~ '^[0-9]{2}$'),
  name            text not null check (length(name) between 1 and 60),
  level           smallint not null check (level between 1 and 4),
  fee_fen         integer not null check (fee_fen between 0 and 1000000),
  primary key (exam_session_id, code)
);

-- The window's state (UPCOMING / OPEN / CLOSED) is computed from the clock, never stored.
create table province_window (
  exam_session_id   bigint not null references exam_session (id),
  province_code     text not null references province (code),
  opens_at          timestamptz not null,
  closes_at         timestamptz not null,
  pay_deadline      timestamptz not null,
  ticket_print_from timestamptz not null,
  ticket_print_to   timestamptz not null,
  updated_at        timestamptz not null default now(),
  primary key (exam_session_id, province_code),
  check (opens_at < closes_at),
  check (closes_at <= pay_deadline),
  check (pay_deadline <= ticket_print_from),
  check (ticket_print_from < ticket_print_to)
);

create table test_center (
  id              bigint generated always as identity primary key,
  exam_session_id bigint not null references exam_session (id),
  province_code   text not null references province (code),
  code            text not null check (code ~ '^[0-9A-Za-z-]{1,16}$'),
  name            text not null check (length(name) between 1 and 100),
  address         text not null default '' check (length(address) <= 200),
  review_required boolean not null default false,
  class_required  boolean not null default false,
  max_subjects    smallint not null default 3 check (max_subjects between 1 and 3),
  total_capacity  integer check (total_capacity >= 0),
  total_taken     integer not null default 0 check (total_taken >= 0),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (exam_session_id, province_code, code),
  check (total_capacity is null or total_taken <= total_capacity)
);
create index test_center_by_province on test_center (exam_session_id, province_code, code);

-- The capacity row of the seat invariant: taken <= capacity, changed only with the allocation it counts.
create table center_capacity (
  center_id       bigint not null references test_center (id),
  exam_session_id bigint not null,
  subject_code    text not null,
  capacity        integer not null check (capacity between 0 and 100000),
  taken           integer not null default 0,
  primary key (center_id, subject_code),
  foreign key (exam_session_id, subject_code) references subject (exam_session_id, code),
  check (taken >= 0 and taken <= capacity)
);

alter table staff_account drop column center_id;
alter table staff_account add column center_code text;
alter table staff_account add constraint staff_account_province_fk foreign key (province_code) references province (code);
alter table staff_account add constraint staff_account_scope check (
  (role = 'NATIONAL_ADMIN' and province_code is null and center_code is null)
  or (role = 'PROVINCE_ADMIN' and province_code is not null and center_code is null)
  or (role = 'CENTER_STAFF' and province_code is not null and center_code is not null));

-- The province an audited change belongs to, so a province admin can browse its own part of the log.
alter table audit_log add column province_code text;
create index audit_log_province on audit_log (province_code, at);
