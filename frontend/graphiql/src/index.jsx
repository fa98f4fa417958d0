// Spotcheck's GraphiQL: every byte comes from this server (no CDN), so it works on an intranet.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import { parse } from 'graphql';
import 'graphiql/style.css';

const here = new URL(window.location.href);
const httpUrl = new URL('/graphql', here).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');
const http = createGraphiQLFetcher({ url: httpUrl });

// Subscriptions go over graphql-ws with the headers of the Headers tab as the connection_init
// payload: browsers cannot set headers on a WebSocket upgrade, so that is where the server reads
// the token. One socket per distinct set of headers.
const sockets = new Map();
function socketFor(headers) {
  const key = JSON.stringify(headers || {});
  if (!sockets.has(key)) {
    sockets.set(key, createClient({ url: wsUrl, lazy: true, connectionParams: headers || {} }));
  }
  return sockets.get(key);
}

function isSubscription(params) {
  try {
    const doc = parse(params.query);
    const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
    const op = params.operationName ? ops.find((d) => d.name && d.name.value === params.operationName) : ops[0];
    return !!op && op.operation === 'subscription';
  } catch (e) {
    return false;
  }
}

function fetcher(params, options) {
  if (!isSubscription(params)) {
    return http(params, options);
  }
  const client = socketFor(options && options.headers);
  return client.iterate({ query: params.query, variables: params.variables, operationName: params.operationName });
}

const DEFAULT_QUERY = `# Spotcheck GraphQL API. Put a bearer token in the Headers tab below:
#   { "Authorization": "Bearer <token>" }
# (dev tokens: ./spotcheck token, or the README). Without one you are the public.

query WhoAmI {
  viewer { id name department roles anonymous }
}
`;

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: '{}',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
