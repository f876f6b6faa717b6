-- wrk script: POST /v1/sessions/current/messages with a clientMessageId that is new on every request (thread id +
-- counter + a per-run random prefix), so each request stores a message. Environment: CHAT_TOKEN.
local token = os.getenv("CHAT_TOKEN")
assert(token, "CHAT_TOKEN must be set")
local run = os.getenv("RUN_ID") or tostring(os.time())
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
end

function init(args)
   counter = 0
   headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
   counter = counter + 1
   local body = string.format('{"clientMessageId":"bench-%s-%d-%d","text":"bench message %d"}', run, id, counter, counter)
   return wrk.format("POST", "/v1/sessions/current/messages", headers, body)
end
