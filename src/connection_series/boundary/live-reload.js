// The preview's live reload (make serve), as a file so that the page's policy can stay
// strict: MkDocs' server would add the same code inline. It asks the server, as MkDocs'
// own script does, whether a newer build than the page's is ready, and reloads when it is.
// Written into the preview's site only (boundary/live_reload.py); never published.
(function () {
  const script = document.currentScript;
  const epoch = Number(script.dataset.epoch);
  const request = script.dataset.request;
  let req, timeout;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + request);
    req.send();
  }
  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
