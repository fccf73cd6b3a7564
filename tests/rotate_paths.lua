-- wrk script: rotate through the paths given after "--", as a browser behind the
-- TLS proxy would ask for them, and count the answers by status class.
local paths = {}
local next_path = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  status_classes = {0, 0, 0, 0, 0}
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], {
    ["Host"] = "example.com",
    ["X-Forwarded-Proto"] = "https",
  })
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then
    status_classes[class] = status_classes[class] + 1
  end
end

function done(summary, latency, requests)
  local totals = {0, 0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    local counts = thread:get("status_classes")
    for class = 1, 5 do
      totals[class] = totals[class] + counts[class]
    end
  end
  io.write(string.format("Status classes: 2xx %d, 3xx %d, 4xx %d, 5xx %d\n",
    totals[2], totals[3], totals[4], totals[5]))
end
