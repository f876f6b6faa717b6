-- wrk script: POST an empty JSON body (new anonymous session per request)
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
