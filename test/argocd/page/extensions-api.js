// window.extensionsAPI with the registration functions and signatures of Argo CD's
// ui/src/app/shared/services/extensions-service.ts (2.x / 3.x).
(function (window) {
  var store = {
    resource: [],
    systemLevel: [],
    appView: [],
    statusPanel: [],
    topBar: [],
  };
  var listeners = [];
  function emit() {
    listeners.forEach(function (l) {
      try {
        l();
      } catch (e) {
        console.error(e);
      }
    });
  }
  window.extensions = { resources: {} };
  window.extensionsAPI = {
    registerResourceExtension: function (
      component,
      group,
      kind,
      tabTitle,
      opts,
    ) {
      store.resource.push({
        component: component,
        group: group,
        kind: kind,
        title: tabTitle,
        icon: opts && opts.icon,
      });
      emit();
    },
    registerSystemLevelExtension: function (component, title, path, icon) {
      store.systemLevel.push({
        component: component,
        title: title,
        path: path,
        icon: icon,
      });
      emit();
    },
    registerAppViewExtension: function (component, title, icon, shouldDisplay) {
      store.appView.push({
        component: component,
        title: title,
        icon: icon,
        shouldDisplay:
          shouldDisplay ||
          function () {
            return true;
          },
      });
      emit();
    },
    registerStatusPanelExtension: function (component, title, id, flyout) {
      store.statusPanel.push({
        component: component,
        title: title,
        id: id,
        flyout: flyout,
      });
      emit();
    },
    registerTopBarActionMenuExt: function (
      component,
      title,
      id,
      flyout,
      shouldDisplay,
      iconClassName,
      isMiddle,
    ) {
      store.topBar.push({
        component: component,
        title: title,
        id: id,
        flyout: flyout,
        shouldDisplay:
          shouldDisplay ||
          function () {
            return true;
          },
        iconClassName: iconClassName,
        isMiddle: !!isMiddle,
      });
      emit();
    },
  };
  window.__harnessExtensions = {
    store: store,
    onChange: function (l) {
      listeners.push(l);
    },
  };
})(window);
