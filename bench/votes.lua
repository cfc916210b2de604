-- The vote scenario for wrk (bench/wrkload.py runs it): every request is one click of one of
-- the logged-in voters, in turn, as the page's script sends it (POST, Accept: application/json).
-- A voter clicks an idea it has not clicked in this run (a second click withdraws), and one
-- click in ten takes back one of its own votes. The server's answer says which it was.
--
-- The voters file (its path in BENCH_VOTERS): the idea ids on the first line, then one line
-- per voter: its session cookie and its CSRF token, separated by a tab.
-- The results (JSON) go to the path in BENCH_WRK_OUTPUT.

local WITHDRAW = 0.10

local ideas, voters = {}, {}
local clicks = 0
casts, withdrawals, refused = 0, 0, 0

local function split(line, separator)
  local parts = {}
  for part in string.gmatch(line, "[^" .. separator .. "]+") do
    parts[#parts + 1] = part
  end
  return parts
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_VOTERS")))
  for _, id in ipairs(split(file:read("*l"), " ")) do
    ideas[#ideas + 1] = tonumber(id)
  end
  for line in file:lines() do
    local parts = split(line, "\t")
    voters[#voters + 1] = { cookie = parts[1], token = parts[2], mine = {}, clicked = {} }
  end
  file:close()
  math.randomseed(os.time())
end

function request()
  clicks = clicks + 1
  local voter = voters[(clicks % #voters) + 1]
  local idea
  if #voter.mine > 0 and math.random() < WITHDRAW then
    idea = table.remove(voter.mine, math.random(#voter.mine))
    voter.clicked[idea] = nil
  else
    repeat
      idea = ideas[math.random(#ideas)]
    until not voter.clicked[idea] or #voter.mine >= #ideas
    voter.clicked[idea] = true
    voter.mine[#voter.mine + 1] = idea
  end
  return wrk.format("POST", "/ideas/" .. idea .. "/vote", {
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = voter.cookie,
  }, "value=1&csrf_token=" .. voter.token)
end

function response(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
    return
  end
  local value = tonumber(string.match(body, '"value":%s*(%-?%d+)'))
  if value == 0 then
    withdrawals = withdrawals + 1
  else
    casts = casts + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local c, w, r = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("casts")
    w = w + thread:get("withdrawals")
    r = r + thread:get("refused")
  end
  local errors = summary.errors
  local out = assert(io.open(os.getenv("BENCH_WRK_OUTPUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "casts": %d, "withdrawals": %d, "refused": %d, '
      .. '"socket_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, '
      .. '"max_us": %d}\n',
    summary.requests, summary.duration, c, w, r,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max
  ))
  out:close()
end
