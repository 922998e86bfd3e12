// offline.js - the page when the connection to `limber serve` drops.
//
// The service worker (sw.js) keeps the page's own files, so that a reload
// without a connection still opens the page; the session's view
// (session.js) goes on from the last state it had and says so. Service
// workers run only in a secure context: on this computer's own address
// (127.0.0.1 or localhost), or over HTTPS; elsewhere the page works as
// before, without the offline copy.

export function registerWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  // updateViaCache "none": a new limber's worker is seen at the next visit.
  navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" })
    .catch(() => { /* a page without the offline copy works as before */ });
}

// A request that failed for want of a connection, not one the server
// refused (those are ApiErrors, with the server's words).
export function lostConnection(err) {
  return err instanceof TypeError || (err && err.name === "AbortError");
}
