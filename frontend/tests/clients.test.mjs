// What front-end teams run first, against a running server (FrontEndClientsIT starts one):
// Apollo Client with automatic persisted queries, graphql-ws with the token in connection_init,
// and codegen-style introspection with graphql-js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema, assertValidSchema } from 'graphql';

const base = process.env.SPOTCHECK_URL;
const token = process.env.SPOTCHECK_TOKEN;
const scopeId = process.env.SPOTCHECK_SCOPE_ID;
assert.ok(base && token && scopeId, 'SPOTCHECK_URL, SPOTCHECK_TOKEN and SPOTCHECK_SCOPE_ID must be set');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function apollo(useGETForHashedQueries, seen) {
  const recordingFetch = async (url, init) => {
    const response = await fetch(url, init);
    const body = await response.clone().text();
    seen.push({ method: init.method || 'GET', url: String(url), status: response.status, body });
    return response;
  };
  const http = new HttpLink({ uri: `${base}/graphql`, fetch: recordingFetch, headers: { authorization: `Bearer ${token}` } });
  return new ApolloClient({
    link: createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(http),
    cache: new InMemoryCache(),
  });
}

for (const useGET of [false, true]) {
  test(`Apollo Client with the persisted-query link (${useGET ? 'GET' : 'POST'}) registers the hash once, then sends it alone`, async () => {
    const seen = [];
    const client = apollo(useGET, seen);
    // A document of its own per run, so the server cannot know its hash yet.
    const marker = `m${Date.now()}${useGET ? 'g' : 'p'}`;
    const query = gql`query Who_${marker} { viewer { id anonymous } }`;
    const first = await client.query({ query, fetchPolicy: 'network-only' });
    assert.equal(first.data.viewer.anonymous, false);
    // 1st request: hash only -> PERSISTED_QUERY_NOT_FOUND; 2nd: hash + text.
    assert.equal(seen.length, 2, JSON.stringify(seen));
    assert.match(seen[0].body, /PersistedQueryNotFound/);
    assert.match(seen[0].body, /PERSISTED_QUERY_NOT_FOUND/);
    const second = await apollo(useGET, seen).query({ query, fetchPolicy: 'network-only' });
    assert.equal(second.data.viewer.id, first.data.viewer.id);
    // a new client (another tab, another replica) gets it from the hash alone
    assert.equal(seen.length, 3, JSON.stringify(seen));
    assert.equal(seen[2].status, 200);
    assert.equal(seen[2].method, useGET ? 'GET' : 'POST');
    assert.doesNotMatch(seen[2].body, /errors/);
    assert.ok(JSON.parse(seen[2].body).extensions.cost.limit > 0);
  });
}

test('a graphql-ws subscription takes its token from connection_init', async () => {
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  try {
    const status = await new Promise((resolve, reject) => {
      const dispose = client.subscribe(
        { query: 'subscription($id: String!) { scopeJobProgress(id: $id) { status } }', variables: { id: scopeId } },
        {
          next: (message) => {
            dispose();
            if (message.errors) reject(new Error(JSON.stringify(message.errors)));
            else resolve(message.data.scopeJobProgress.status);
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => {},
        },
      );
      setTimeout(() => reject(new Error('no event within 20 s')), 20000);
    });
    assert.equal(status, 'BUILDING');
  } finally {
    await client.dispose();
  }
});

test('an anonymous graphql-ws socket cannot follow the job, and the error has a code', async () => {
  const client = createClient({ url: `${base.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket });
  try {
    const errors = await new Promise((resolve, reject) => {
      client.subscribe(
        { query: 'subscription($id: String!) { scopeJobProgress(id: $id) { status } }', variables: { id: scopeId } },
        { next: (m) => m.errors && resolve(m.errors), error: (e) => resolve(Array.isArray(e) ? e : [e]), complete: () => {} },
      );
      setTimeout(() => reject(new Error('no answer within 20 s')), 20000);
    });
    assert.equal(errors[0].extensions.code, 'FORBIDDEN');
  } finally {
    await client.dispose();
  }
});

test('standard introspection builds a client schema, and the SDL endpoint says the same', async () => {
  const query = getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true, schemaDescription: true,
  });
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
  });
  assert.equal(response.status, 200);
  const result = await response.json();
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const schema = buildClientSchema(result.data);
  assertValidSchema(schema);
  assert.ok(schema.getQueryType().getFields().subjects, 'Query.subjects');
  assert.ok(schema.getType('Subject').description);

  const sdl = await fetch(`${base}/graphql/schema`);
  assert.equal(sdl.status, 200);
  const fromSdl = buildSchema(await sdl.text());
  assert.deepEqual(Object.keys(fromSdl.getQueryType().getFields()).sort(), Object.keys(schema.getQueryType().getFields()).sort());
  assert.ok(printSchema(schema).length > 1000);
});
