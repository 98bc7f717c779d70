// Preloaded into the Portkey gateway (node --import) for its streamed runs only.
//
// Why: @hono/node-server (1.19, under Portkey 1.15.2) replaces the global Response with a light
// class that, given a stream body and another Response as init, keeps that init's Headers object.
// Portkey builds its streamed reply as `new Response(stream, upstreamResponse)` and then appends
// its x-portkey-* headers; the upstream response comes from fetch, whose headers are immutable, so
// every streamed call fails with "TypeError: immutable" (HTTP 500). Re-wrapping fetch results in
// a Response with a mutable copy of the headers avoids that; the body stream is passed through
// untouched.
const NativeResponse = globalThis.Response;
const nativeFetch = globalThis.fetch;

globalThis.fetch = async function fetchWithMutableHeaders(...args) {
  const response = await nativeFetch(...args);
  return new NativeResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
