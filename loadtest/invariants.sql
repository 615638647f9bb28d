-- Invariant check after a load test (run by run.sh with psql against the load-test database).
-- Each row is one invariant with the number of violations; run.sh fails when any count is not 0.
-- :hold_grace is how long past its deadline a hold may still exist (the hold-expiry job's period, with slack).
select 'capacity: taken <= capacity and taken = seats counted + live waiting-list offers' as invariant,
  count(*) as violations
from center_capacity k
where k.taken > k.capacity
   or k.taken <> (select count(*) from registration_subject s
                  where s.center_id = k.center_id and s.subject_code = k.subject_code)
                + (select count(*) from waitlist_entry w
                   where w.center_id = k.center_id and w.subject_code = k.subject_code and w.state = 'OFFERED')
union all
select 'capacity: center total_taken <= total_capacity', count(*)
from test_center where total_capacity is not null and total_taken > total_capacity
union all
select 'one active registration per account per exam session', count(*)
from (select account_id, exam_session_id from registration where status not in ('CANCELLED', 'EXPIRED')
      group by 1, 2 having count(*) > 1) dup
union all
select 'every paid gateway transaction has exactly one PAID order of a PAID registration', count(*)
from sim_trade t
where t.status = 'PAID' and t.refunded_fen = 0
  and (select count(*) from payment_order o join registration r on r.id = o.registration_id
       where o.gateway = t.gateway and o.merchant_order_no = t.merchant_order_no
         and o.status = 'PAID' and r.status = 'PAID' and o.gateway_txn_id = t.gateway_txn_id) <> 1
union all
select 'every PAID registration has exactly one paid gateway transaction', count(*)
from registration r
where r.status = 'PAID'
  and (select count(*) from payment_order o join sim_trade t
         on t.gateway = o.gateway and t.merchant_order_no = o.merchant_order_no and t.status = 'PAID'
       where o.registration_id = r.id and o.status = 'PAID') <> 1
union all
select 'paid seats: a PAID registration holds only CONFIRMED seats', count(*)
from registration_subject s join registration r on r.id = s.registration_id
where r.status = 'PAID' and s.state <> 'CONFIRMED'
union all
select 'no hold left past its deadline', count(*)
from registration_subject s join registration r on r.id = s.registration_id
where s.state = 'HELD' and r.hold_expires_at < now() - (:'hold_grace')::interval
union all
select 'waiting room: no seat held without an admission (rooms switched on)', count(*)
from registration_subject s join registration r on r.id = s.registration_id
  join waiting_room w on w.exam_session_id = r.exam_session_id and w.province_code = r.province_code and w.enabled
  left join waiting_room_entry e on e.exam_session_id = r.exam_session_id and e.province_code = r.province_code
    and e.account_id = r.account_id
where e.admitted_until is null
union all
select 'waiting lists: every offer resolved (none live past its deadline beyond the grace)', count(*)
from waitlist_entry w
where w.state = 'OFFERED' and w.offer_expires_at < now() - (:'hold_grace')::interval;
