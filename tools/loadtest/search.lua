-- wrk script: GET /api/search with the benchmark's query set, round robin, and a count of responses by status.
-- QUERIES (environment) names the file of queries, one per line (kb-bench writes it to $KB_BENCH_CACHE/queries-*.txt).
local threads = {}
local queries = {}

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  local path = os.getenv("QUERIES")
  for line in io.lines(path) do
    if #line > 0 then table.insert(queries, "/api/search?q=" .. urlencode(line)) end
  end
  next_query = math.random(#queries)
end

function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", queries[next_query])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, string.format("\"%d\":%d", status, n)) end
  io.write(string.format(
    "SUMMARY {\"requests\":%d,\"seconds\":%.2f,\"requestsPerSec\":%.1f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"socketErrors\":%d,\"timeouts\":%d,\"statuses\":{%s}}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout, table.concat(parts, ",")))
end
