// A fake Argo CD application page: status panel, resource tree list with the resource sliding panel
// and its extension tabs, and the application view switcher. Data from the harness's /api/v1.
(function (window) {
  var React = window.React;
  var h = React.createElement;
  var ext = window.__harnessExtensions;
  var params = new URLSearchParams(window.location.search);
  var appName = window.location.pathname.split('/').filter(Boolean).pop();
  var appNs = params.get('appNamespace') || '';

  // Minimal glob as Argo CD matches group/kind with minimatch ("*" and "**").
  function glob(pattern, value) {
    if (pattern === '**' || pattern === '*') return true;
    var re = new RegExp(
      '^' +
        pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') +
        '$',
    );
    return re.test(value || '');
  }

  function api(path) {
    return fetch('/api/v1' + path, { credentials: 'same-origin' }).then(
      function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
        return r.json();
      },
    );
  }

  function q(obj) {
    return new URLSearchParams(obj).toString();
  }

  class Boundary extends React.Component {
    constructor(p) {
      super(p);
      this.state = { error: null };
    }
    static getDerivedStateFromError(error) {
      return { error: error };
    }
    componentDidCatch(error) {
      console.error('extension crashed', error);
    }
    render() {
      if (this.state.error)
        return h(
          'div',
          { className: 'harness-error', role: 'alert' },
          'Extension error: ' +
            String(this.state.error && this.state.error.message),
        );
      return this.props.children;
    }
  }

  function usePoll(fn, deps, ms) {
    var s = React.useState(undefined);
    var value = s[0];
    var set = s[1];
    React.useEffect(function () {
      var alive = true;
      function load() {
        fn()
          .then(function (v) {
            if (alive) set(v);
          })
          .catch(function (e) {
            console.warn('poll failed', e);
          });
      }
      load();
      var t = setInterval(load, ms);
      return function () {
        alive = false;
        clearInterval(t);
      };
    }, deps);
    return value;
  }

  // As Argo CD's UI: the tree follows GET /api/v1/stream/applications/<name>/resource-tree.
  function useTreeStream() {
    var s = React.useState(undefined);
    React.useEffect(function () {
      var es = new EventSource(
        '/api/v1/stream/applications/' +
          appName +
          '/resource-tree?' +
          q({ appNamespace: appNs }),
      );
      es.onmessage = function (e) {
        s[1](JSON.parse(e.data).result);
      };
      return function () {
        es.close();
      };
    }, []);
    return s[0];
  }

  function ResourcePanel(props) {
    var node = props.node;
    var tabs = ext.store.resource
      .filter(function (e) {
        return glob(e.group, node.group) && glob(e.kind, node.kind);
      })
      .sort(function (a, b) {
        return a.title.localeCompare(b.title);
      });
    var st = React.useState(
      params.get('tab') || (tabs[0] && tabs[0].title) || 'Summary',
    );
    var tab = st[0];
    var resource = usePoll(
      function () {
        return api(
          '/applications/' +
            appName +
            '/resource?' +
            q({
              namespace: node.namespace || '',
              resourceName: node.name,
              version: node.version,
              kind: node.kind,
              group: node.group || '',
              appNamespace: appNs,
            }),
        ).then(function (r) {
          return JSON.parse(r.manifest);
        });
      },
      [node.kind, node.name],
      1000,
    );
    var names = ['Summary'].concat(
      tabs.map(function (t) {
        return t.title;
      }),
    );
    var active = tabs.find(function (t) {
      return t.title === tab;
    });
    return h(
      'div',
      { className: 'sliding-panel', 'data-testid': 'resource-panel' },
      h('h2', null, node.kind + ' ' + node.name),
      h(
        'div',
        { className: 'tabs', role: 'tablist' },
        names.map(function (n) {
          return h(
            'button',
            {
              key: n,
              role: 'tab',
              'aria-selected': n === tab,
              'data-harness-tab': n,
              onClick: function () {
                st[1](n);
              },
            },
            n,
          );
        }),
      ),
      h(
        'div',
        { className: 'tab-content', 'data-testid': 'resource-tab-content' },
        !resource
          ? 'Loading…'
          : active
            ? h(
                Boundary,
                null,
                h(active.component, {
                  application: props.application,
                  resource: resource,
                  tree: props.tree,
                }),
              )
            : h(
                'pre',
                null,
                JSON.stringify(resource && resource.status, null, 2),
              ),
      ),
    );
  }

  function Page() {
    var force = React.useState(0);
    React.useEffect(function () {
      ext.onChange(function () {
        force[1](function (x) {
          return x + 1;
        });
      });
    }, []);
    var application = usePoll(
      function () {
        return api(
          '/applications/' + appName + '?' + q({ appNamespace: appNs }),
        );
      },
      [],
      1000,
    );
    var tree = useTreeStream();
    var vs = React.useState(params.get('view') || 'tree');
    var view = vs[0];
    var sel = React.useState(params.get('resource') || '');
    var selected = sel[0];
    var fl = React.useState(null);
    var flyout = fl[0];
    if (!application || !tree) return h('div', null, 'Loading application…');
    var nodes = tree.nodes || [];
    var node = nodes.find(function (n) {
      return [n.group, n.kind, n.namespace, n.name].join('/') === selected;
    });
    // Argo CD 3.x offers an app view only where its shouldDisplay(application) says so.
    var appViews = ext.store.appView.filter(function (v) {
      return v.shouldDisplay(application);
    });
    var appView = appViews.find(function (v) {
      return v.title === view;
    });
    return h(
      'div',
      { className: 'application-details' },
      h(
        'div',
        {
          className: 'application-status-panel',
          'data-testid': 'status-panel',
        },
        h(
          'div',
          { className: 'application-status-panel__item' },
          'APP HEALTH ',
          (application.status &&
            application.status.health &&
            application.status.health.status) ||
            '',
        ),
        ext.store.statusPanel.map(function (p) {
          return h(
            Boundary,
            { key: p.id },
            h(p.component, {
              application: application,
              openFlyout: function () {
                fl[1](p);
              },
            }),
          );
        }),
      ),
      h(
        'div',
        { className: 'view-switcher', role: 'tablist', 'aria-label': 'Views' },
        h(
          'button',
          {
            role: 'tab',
            'data-view': 'tree',
            onClick: function () {
              vs[1]('tree');
            },
          },
          'Tree',
        ),
        appViews.map(function (v) {
          return h(
            'button',
            {
              key: v.title,
              role: 'tab',
              'data-view': v.title,
              title: v.title,
              onClick: function () {
                vs[1](v.title);
              },
            },
            h('i', { className: 'fa ' + v.icon }),
            ' ',
            v.title,
          );
        }),
      ),
      appView
        ? h(
            'div',
            { 'data-testid': 'app-view' },
            h(
              Boundary,
              null,
              h(appView.component, { application: application, tree: tree }),
            ),
          )
        : h(
            'ul',
            { 'data-testid': 'tree' },
            nodes.map(function (n) {
              var key = [n.group, n.kind, n.namespace, n.name].join('/');
              return h(
                'li',
                { key: key },
                h(
                  'a',
                  {
                    href: '#',
                    'data-node': key,
                    onClick: function (e) {
                      e.preventDefault();
                      sel[1](key);
                    },
                  },
                  n.kind + ' ' + n.name,
                ),
                ' ',
                (n.health && n.health.status) || '',
              );
            }),
          ),
      node
        ? h(ResourcePanel, {
            key: selected,
            node: node,
            application: application,
            tree: tree,
          })
        : null,
      flyout && flyout.flyout
        ? h(
            'div',
            { className: 'sliding-panel', 'data-testid': 'flyout' },
            h(
              'button',
              {
                onClick: function () {
                  fl[1](null);
                },
              },
              'Close',
            ),
            h(
              Boundary,
              null,
              h(flyout.flyout, { application: application, tree: tree }),
            ),
          )
        : null,
    );
  }

  var el = document.getElementById('app');
  if (window.ReactDOM.createRoot)
    window.ReactDOM.createRoot(el).render(h(Page));
  else window.ReactDOM.render(h(Page), el);
})(window);
