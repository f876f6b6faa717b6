-- wrk script: POST /v1/sessions/current/messages, spreading requests over many sessions (CHAT_TOKENS, comma-separated)
-- as real visitors would, with a clientMessageId that is new on every request, so that each request commits a message.
local tokens = {}
for token in string.gmatch(os.getenv("CHAT_TOKENS") or "", "[^,]+") do
   tokens[#tokens + 1] = token
end
assert(#tokens > 0, "CHAT_TOKENS must be set")
local run = os.getenv("RUN_ID") or tostring(os.time())
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
end

function init(args)
   counter = 0
end

function request()
   counter = counter + 1
   local token = tokens[(counter + id * 7) % #tokens + 1]
   local body = string.format('{"clientMessageId":"bench-%s-%d-%d","text":"bench message %d"}', run, id, counter, counter)
   return wrk.format("POST", "/v1/sessions/current/messages",
      { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
