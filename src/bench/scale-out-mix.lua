-- wrk script for scale-out.sh: alternates the widget config fetch and the session resume (GET /v1/sessions/current
-- with a chat token), and counts the answers by status so the report can name every non-2xx/3xx one.
-- Environment: APP_ID (the app), CHAT_TOKEN (a chat token of that app), POST_EVERY (optional: make every n-th
-- request a session creation, POST /v1/apps/{appId}/sessions, a request nginx must not retry once sent).
local app = os.getenv("APP_ID")
local token = os.getenv("CHAT_TOKEN")
local post_every = tonumber(os.getenv("POST_EVERY") or "0")
assert(app and token, "APP_ID and CHAT_TOKEN must be set")
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   statuses = {}
   n = 0
   config_request = wrk.format("GET", "/v1/apps/" .. app .. "/widget-config")
   resume_request = wrk.format("GET", "/v1/sessions/current", { ["Authorization"] = "Bearer " .. token })
   create_request = wrk.format("POST", "/v1/apps/" .. app .. "/sessions", { ["Content-Type"] = "application/json" }, "{}")
end

function request()
   n = n + 1
   if post_every > 0 and n % post_every == 0 then return create_request end
   if n % 2 == 0 then return config_request end
   return resume_request
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         total[status] = (total[status] or 0) + count
      end
   end
   local keys = {}
   for status in pairs(total) do table.insert(keys, status) end
   table.sort(keys)
   local parts = {}
   for _, status in ipairs(keys) do table.insert(parts, status .. "=" .. total[status]) end
   io.write("Statuses: " .. table.concat(parts, " ") .. "\n")
end
