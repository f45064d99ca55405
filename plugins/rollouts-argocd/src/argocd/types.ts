/*
 * The parts of Argo CD's UI models (ui/src/app/shared/models.ts) that the extension reads. Every
 * field is optional: these objects come from argocd-server and are treated as untrusted.
 */

/** @public */
export interface ArgoObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** An Argo CD Application as the UI receives it. @public */
export interface ArgoApplication {
  metadata?: ArgoObjectMeta;
  spec?: {
    project?: string;
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    resources?: ArgoResourceStatus[];
    health?: { status?: string; message?: string };
  };
}

/** One entry of application.status.resources. @public */
export interface ArgoResourceStatus {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  health?: { status?: string; message?: string };
}

/** @public */
export interface ArgoResourceRef {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

/** A node of the application resource tree. @public */
export interface ArgoResourceNode extends ArgoResourceRef {
  parentRefs?: ArgoResourceRef[];
  info?: { name?: string; value?: string }[];
  images?: string[];
  health?: { status?: string; message?: string };
  createdAt?: string;
  resourceVersion?: string;
  networkingInfo?: unknown;
}

/** @public */
export interface ArgoApplicationTree {
  nodes?: ArgoResourceNode[];
  orphanedNodes?: ArgoResourceNode[];
}

/** Props Argo CD passes to a resource tab extension. @public */
export interface ResourceExtensionProps {
  application: ArgoApplication;
  resource: unknown;
  tree: ArgoApplicationTree;
}

/** Props of an app view extension. @public */
export interface AppViewExtensionProps {
  application: ArgoApplication;
  tree: ArgoApplicationTree;
}

/** Props of a status panel item. @public */
export interface StatusPanelProps {
  application: ArgoApplication;
  openFlyout: () => void;
}

/** Props of the status panel flyout. @public */
export interface StatusPanelFlyoutProps {
  application: ArgoApplication;
  tree: ArgoApplicationTree;
}

/** window.extensionsAPI, with the registration signatures of Argo CD 2.x / 3.x. @public */
export interface ArgoExtensionsApi {
  registerResourceExtension(
    component: unknown,
    group: string,
    kind: string,
    tabTitle: string,
    opts?: { icon: string },
  ): void;
  registerAppViewExtension?(
    component: unknown,
    title: string,
    icon: string,
    shouldDisplay?: (application: unknown) => boolean,
  ): void;
  registerStatusPanelExtension?(
    component: unknown,
    title: string,
    id: string,
    flyout?: unknown,
  ): void;
}
