-- The exam office's candidate search (issue 17) across a province: by the last four characters of an ID number, by
-- a full ID number (its keyed digest) and by ticket number. Exports read by session, province and center, which the
-- existing registration indexes already serve.
create index registration_by_province_last4 on registration (province_code, id_last4);
create index registration_by_digest on registration (id_digest);
create index ticket_by_number on ticket (ticket_number) where voided_at is null;
