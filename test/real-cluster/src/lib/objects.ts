/*
 * The objects the scenarios create: Rollouts (canary, blue/green, Istio and Gateway API routing), their
 * Services and routers, AnalysisTemplates with a web metric answered by the test itself, and a Flagger Canary
 * with its Deployment. Plain data, so the demo cluster can be given exactly the same objects.
 */
import http from 'node:http';

export const ID_LABEL = 'backstage.io/kubernetes-id';
const A = 'argoproj.io/v1alpha1';

export function podTemplate(app: string, image: string) {
  return {
    metadata: { labels: { app } },
    spec: {
      containers: [{ name: app, image, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      terminationGracePeriodSeconds: 0,
    },
  };
}

export function service(ns: string, name: string, app: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
}

export interface RolloutOptions {
  ns: string;
  name: string;
  id: string;
  image?: string;
  replicas?: number;
  strategy: Record<string, unknown>;
  paused?: boolean;
}

export function rollout(o: RolloutOptions) {
  return {
    apiVersion: A,
    kind: 'Rollout',
    metadata: { name: o.name, namespace: o.ns, labels: { [ID_LABEL]: o.id } },
    spec: {
      replicas: o.replicas ?? 3,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: o.name } },
      template: podTemplate(o.name, o.image ?? 'registry.local/shop/web:1.0'),
      strategy: o.strategy,
      ...(o.paused ? { paused: true } : {}),
    },
  };
}

/** A web-metric AnalysisTemplate that asks the test's metric server; `count` measurements `interval` apart. */
export function webAnalysisTemplate(ns: string, name: string, url: string, count = 1, interval = '2s') {
  return {
    apiVersion: A,
    kind: 'AnalysisTemplate',
    metadata: { name, namespace: ns },
    spec: {
      metrics: [
        {
          name: 'success-rate',
          count,
          interval,
          failureLimit: 0,
          successCondition: 'result >= 0.95',
          provider: { web: { url, jsonPath: '{$.successRate}', timeoutSeconds: 5 } },
        },
      ],
    },
  };
}

export const canarySteps = (analysis?: string) => [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { duration: '15s' } },
  ...(analysis ? [{ analysis: { templates: [{ templateName: analysis }] } }] : []),
  { setWeight: 75 },
  { pause: {} },
];

export function canaryRollout(ns: string, name: string, id: string, analysis?: string) {
  return rollout({ ns, name, id, replicas: 4, strategy: { canary: { steps: canarySteps(analysis) } } });
}

export function blueGreenRollout(ns: string, name: string, id: string, blueGreen: Record<string, unknown>) {
  return rollout({
    ns,
    name,
    id,
    replicas: 2,
    strategy: { blueGreen: { activeService: `${name}-active`, previewService: `${name}-preview`, ...blueGreen } },
  });
}

export function istioCanary(ns: string, name: string, id: string) {
  const objects = [
    service(ns, `${name}-stable`, name),
    service(ns, `${name}-canary`, name),
    {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name, namespace: ns },
      spec: {
        hosts: [`${name}.example.local`],
        http: [{ name: 'primary', route: [{ destination: { host: `${name}-stable` }, weight: 100 }, { destination: { host: `${name}-canary` }, weight: 0 }] }],
      },
    },
    rollout({
      ns,
      name,
      id,
      replicas: 4,
      strategy: {
        canary: {
          stableService: `${name}-stable`,
          canaryService: `${name}-canary`,
          trafficRouting: { istio: { virtualService: { name, routes: ['primary'] } } },
          steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }],
        },
      },
    }),
  ];
  return objects;
}

export function setImage(o: any, image: string) {
  const copy = JSON.parse(JSON.stringify(o));
  copy.spec.template.spec.containers[0].image = image;
  return copy;
}

/** The metric the web AnalysisTemplates read; the test sets what it answers. */
export async function startMetricServer() {
  let successRate = 1;
  let requests = 0;
  let webhookStatus = 200;
  const server = http.createServer((req, res) => {
    requests++;
    res.setHeader('Content-Type', 'application/json');
    // Flagger's webhooks (/webhook/...) pass when answered 200
    if (req.url?.startsWith('/webhook')) res.statusCode = webhookStatus;
    res.end(JSON.stringify({ successRate }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as any).port}/metrics/success-rate`;
  return {
    url,
    set(rate: number) {
      successRate = rate;
    },
    webhookUrl: `http://127.0.0.1:${(server.address() as any).port}/webhook/check`,
    failWebhooks(fail: boolean) {
      webhookStatus = fail ? 500 : 200;
    },
    requests: () => requests,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** A Deployment and the Flagger Canary (Istio provider) that drives it, with a rollout webhook the test answers. */
export function flaggerCanary(ns: string, name: string, id: string, webhookUrl: string) {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate(name, 'registry.local/shop/podinfo:6.0.0') },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace: ns, labels: { [ID_LABEL]: id } },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        progressDeadlineSeconds: 120,
        service: { port: 80, targetPort: 8080, hosts: [`${name}.example.local`] },
        analysis: {
          interval: '4s',
          threshold: 2,
          maxWeight: 60,
          stepWeight: 20,
          webhooks: [{ name: 'check', type: 'rollout', url: webhookUrl, timeout: '5s' }],
        },
      },
    },
  ];
}
