-- HotHolds (loadtest/run.sh HotHolds, see loadtest/README.md): closed-loop holds on one hot center x subject.
--
--   wrk -t T -c C -d S --latency -s hold.lua http://127.0.0.1:8089 -- service <prefix> <drafts.tsv> <T> <subject> [rounds]
--   wrk -t T -c C -d S --latency -s hold.lua http://127.0.0.1:8099 -- bare <prefix> <route>
--
-- service: <drafts.tsv> holds "token<TAB>registrationId" lines (PrepareDrafts). Thread k of T takes lines k, k+T,
--   k+2T, ... (disjoint slices), and sends each once (or [rounds] times, one pass after the other:
--   LT_WARMUP_ROUNDS, LT_MEASURED_ROUNDS): PUT /api/v1/registrations/<id>/subjects with the candidate's bearer token
--   and {"subjects":["<subject>"]}. A thread that has used all its candidates stops
--   (wrk.thread:stop()): its holds still in flight at that moment are answered by the service but not counted here,
--   and wrk's requests/s (answers / the whole -d duration) then understates the rate, so the script also measures
--   its own window (first request to last answer, CLOCK_MONOTONIC through LuaJIT's ffi) and reports how many
--   threads ran out. The one request a stopping thread still has to return is a GET /health/live, not counted.
--   wrk asks thread 0 for one request before it starts (to check the request parses): that candidate is skipped.
-- bare: POST <route> (e.g. /bare/redis/hold on the bare baseline server) with the same threads, connections,
--   duration and per-response Lua work; a 200 "sold-out" answer is counted as sold out.
--
-- Counts per thread, summed in done(): s200, s409, s429, s503, other (any other status), sold_out (409
-- SEAT_SOLD_OUT; bare: 200 "sold-out"), and prints "FIG <prefix>_<name>=<value>" lines for run.sh next to wrk's own
-- summary (requests/s and latency percentiles below are wrk's own statistics).

local COUNTS = { "s200", "s409", "s429", "s503", "other", "sold_out", "spare" }

local ok_ffi, ffi = pcall(require, "ffi")
local now = function() return nil end
if ok_ffi then
  local ok_def = pcall(ffi.cdef, [[
    typedef struct { long tv_sec; long tv_nsec; } lt_timespec;
    int clock_gettime(int clk_id, lt_timespec *tp);
  ]])
  if ok_def then
    local ts = ffi.new("lt_timespec")
    now = function()
      ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC: one clock for all threads
      return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
    end
  end
end

-- main state: setup() runs once per thread, before that thread's init()
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- thread states: what done() reads through thread:get() must be global
local reqs, n, i = {}, 0, 0
rounds = 1
local health

function init(args)
  local mode = args[1]
  prefix = args[2] or "hot"
  for _, k in ipairs(COUNTS) do _G[k] = 0 end
  exhausted, unexpected, candidates = 0, "", 0
  health = wrk.format("GET", "/health/live", { Host = wrk.host })
  if mode == "bare" then
    reqs[1] = wrk.format("POST", args[3] or "/bare/redis/hold", { Host = wrk.host })
    n = -1
    return
  end
  if mode ~= "service" then error("hold.lua: first argument is service or bare, not " .. tostring(mode)) end
  local file, nthreads, subject = args[3], tonumber(args[4] or ""), args[5] or "61"
  rounds = tonumber(args[6] or "1") or 1
  if not nthreads or nthreads < 1 then error("hold.lua: service <prefix> <drafts.tsv> <threads> <subject>") end
  local body = '{"subjects":["' .. subject .. '"]}'
  local f = assert(io.open(file, "r"), "hold.lua: cannot read " .. tostring(file))
  local line_no = 0
  for line in f:lines() do
    local token, rid = line:match("^([^\t]+)\t([^\t]+)$")
    if token then
      if line_no % nthreads == tid then
        reqs[#reqs + 1] = wrk.format("PUT", "/api/v1/registrations/" .. rid .. "/subjects", {
          Host = wrk.host, Authorization = "Bearer " .. token,
          ["Content-Type"] = "application/json", Accept = "application/json" }, body)
      end
      line_no = line_no + 1
    end
  end
  f:close()
  n = #reqs
  candidates = n
end

function request()
  if n < 0 then -- bare: the same request every time
    if not t_first then t_first = now() end
    return reqs[1]
  end
  if i >= n and rounds > 1 then -- the same candidates again (LT_WARMUP_ROUNDS, LT_MEASURED_ROUNDS)
    rounds = rounds - 1
    i = 0
  end
  if i < n then
    i = i + 1
    if not t_first then t_first = now() end
    return reqs[i]
  end
  if exhausted == 0 then
    exhausted = 1
    t_exhausted = now()
    wrk.thread:stop()
  end
  return health
end

local function note(status, body)
  if unexpected == "" then unexpected = status .. " " .. string.sub(body or "", 1, 200) end
end

function response(status, headers, body)
  t_last = now()
  if status == 200 then
    if exhausted == 1 and string.find(body, '"UP"', 1, true) then
      spare = spare + 1 -- the health check a stopping thread sent: not a hold
      return
    end
    s200 = s200 + 1
    if n < 0 and string.find(body, "sold-out", 1, true) then sold_out = sold_out + 1 end
  elseif status == 409 then
    s409 = s409 + 1
    if string.find(body, "SEAT_SOLD_OUT", 1, true) then sold_out = sold_out + 1 else note(status, body) end
  elseif status == 429 then
    s429 = s429 + 1
  elseif status == 503 then
    s503 = s503 + 1
    if n >= 0 and not string.find(body, "OVERLOADED", 1, true) then note(status, body) end
  else
    other = other + 1
    note(status, body)
  end
end

function done(summary, latency, requests)
  local tot = {}
  for _, k in ipairs(COUNTS) do tot[k] = 0 end
  local first, last, ran_out, cands, sample, first_out = nil, nil, 0, 0, "", nil
  local pfx = "hot"
  for _, t in ipairs(threads) do
    pfx = t:get("prefix") or pfx
    for _, k in ipairs(COUNTS) do tot[k] = tot[k] + (t:get(k) or 0) end
    local f, l = t:get("t_first"), t:get("t_last")
    if f and (not first or f < first) then first = f end
    if l and (not last or l > last) then last = l end
    ran_out = ran_out + (t:get("exhausted") or 0)
    local x = t:get("t_exhausted")
    if x and (not first_out or x < first_out) then first_out = x end
    cands = cands + (t:get("candidates") or 0)
    local u = t:get("unexpected") or ""
    if sample == "" then sample = u end
  end
  local answered = tot.s200 + tot.s409 + tot.s429 + tot.s503 + tot.other
  local secs = summary.duration / 1e6
  local function fig(k, v) io.write(string.format("FIG %s_%s=%s\n", pfx, k, tostring(v))) end
  fig("answered", answered)
  for _, k in ipairs({ "s200", "s409", "s429", "s503", "other", "sold_out" }) do fig(k, tot[k]) end
  fig("spare", tot.spare)
  fig("wrk_requests", summary.requests)
  fig("wrk_seconds", string.format("%.3f", secs))
  fig("wrk_rps", string.format("%.1f", summary.requests / secs))
  for _, p in ipairs({ 50, 90, 99 }) do fig("p" .. p .. "_ms", string.format("%.2f", latency:percentile(p) / 1000)) end
  fig("max_ms", string.format("%.2f", latency.max / 1000))
  fig("err_connect", summary.errors.connect)
  fig("err_read", summary.errors.read)
  fig("err_write", summary.errors.write)
  fig("err_timeout", summary.errors.timeout)
  fig("threads", #threads)
  fig("threads_ran_out", ran_out)
  if cands > 0 then fig("candidates", cands) end
  if first and first_out then fig("first_ran_out_after_s", string.format("%.3f", first_out - first)) end
  if first and last and last > first then
    fig("window_seconds", string.format("%.3f", last - first))
    fig("window_rps", string.format("%.1f", answered / (last - first)))
  end
  if sample ~= "" then io.write("UNEXPECTED first answer: " .. sample .. "\n") end
end
