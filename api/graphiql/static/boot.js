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

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
