/* GraphiQL's bootstrap, from boliv's own files (no inline script, nothing from another host).
   Query, variables and headers are kept in the address (?query=&variables=), as Strawberry's page did. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var url = window.location.origin + window.location.pathname;
  var welcome = document.getElementById("graphiql").getAttribute("data-welcome");

  function remember(name, value) {
    if (value) { params.set(name, value); } else { params.delete(name); }
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  function App() {
    var explorer = React.useMemo(function () { return GraphiQLPluginExplorer.explorerPlugin(); }, []);
    return React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: url }),
      plugins: [explorer],
      defaultQuery: welcome,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: function (value) { remember("query", value); },
      onEditVariables: function (value) { remember("variables", value); },
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true
    });
  }

  // CodeMirror's hidden textareas carry no label: name each after the editor it serves, for screen readers.
  var NAMES = [[".graphiql-query-editor", "Query"], [".graphiql-response", "Result"], [".graphiql-editor-tool", "Variables or headers"]];
  function label() {
    document.querySelectorAll(".graphiql-container textarea:not([aria-label])").forEach(function (area) {
      var found = NAMES.filter(function (pair) { return area.closest(pair[0]); })[0];
      area.setAttribute("aria-label", found ? found[1] : "Editor");
    });
  }
  new MutationObserver(label).observe(document.getElementById("graphiql"), { childList: true, subtree: true });

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
