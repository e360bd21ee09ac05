// Saved ipywidgets on the book's pages: two fixes for the HTML widget manager
// (_static/vendor/html-manager/embed-amd.js, loaded with `defer` on pages that have widget state).
// This file is a plain script on every page, so it runs before the manager does.
(function () {
  // 1. No CDN. The manager takes the base URL for widget modules it does not bundle from the last
  //    `data-jupyter-widgets-cdn` attribute on a <script> tag, and falls back to a public CDN. Name a
  //    folder of the book's own static files instead, so no page ever asks another host. The course's
  //    widgets (ipywidgets' own controls and outputs) are bundled in embed-amd.js and never need it; a
  //    third-party widget would fail to load rather than fetch code from the internet.
  var me = document.currentScript;
  if (me && me.src) {
    me.setAttribute("data-jupyter-widgets-cdn", new URL("vendor/widget-modules/", me.src).href);
  }

  // 2. MathJax 3. The manager typesets widget labels with the MathJax 2 call
  //    `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`, which throws under MathJax 3
  //    ("Cannot read properties of undefined (reading 'Queue')"). Give it a Hub that forwards to
  //    MathJax 3's typesetPromise once MathJax has started.
  function typeset(element) {
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) return;
    mj.startup.promise.then(function () {
      if (typeof mj.typesetPromise === "function") {
        return mj.typesetPromise(element ? [element] : undefined);
      }
    });
  }
  function installHub() {
    var mj = window.MathJax;
    if (!mj || mj.Hub) return;
    mj.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === "Typeset") typeset(job[2]);
        }
      },
    };
  }
  // MathJax 3 replaces window.MathJax when its (deferred) script runs; deferred scripts run before
  // DOMContentLoaded, and this listener, added first, runs before the manager renders any widget.
  document.addEventListener("DOMContentLoaded", installHub);
})();
