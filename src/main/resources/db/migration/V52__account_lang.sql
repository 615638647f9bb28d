-- The candidate's language (issue 17): e-mail, SMS and the admission ticket PDF are written in it. Chinese unless
-- the candidate signed up in English or changed it since.
alter table account add column lang text not null default 'zh' check (lang in ('zh', 'en'));

-- A stored ticket PDF is in one language; a candidate who changes theirs gets a fresh rendering on the next request.
alter table ticket_pdf add column lang text not null default 'zh' check (lang in ('zh', 'en'));
