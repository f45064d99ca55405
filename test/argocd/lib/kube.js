'use strict';
// A few Kubernetes REST calls over HTTP(S) with a bearer token; enough for the harness.
const http = require('node:http');
const https = require('node:https');

const TYPES = {
  Rollout: { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' },
  AnalysisRun: {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysisruns',
  },
  Experiment: {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'experiments',
  },
  CanaryDelivery: {
    group: 'asm.alauda.io',
    version: 'v1alpha1',
    plural: 'canarydeliveries',
  },
  Canary: { group: 'flagger.app', version: 'v1beta1', plural: 'canaries' },
  ReplicaSet: { group: 'apps', version: 'v1', plural: 'replicasets' },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments' },
  Pod: { group: '', version: 'v1', plural: 'pods' },
  Service: { group: '', version: 'v1', plural: 'services' },
  Namespace: { group: '', version: 'v1', plural: 'namespaces', cluster: true },
};

function collectionPath(kind, namespace) {
  const t = TYPES[kind];
  if (!t) throw new Error(`unknown kind ${kind}`);
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return t.cluster || !namespace
    ? `${base}/${t.plural}`
    : `${base}/namespaces/${encodeURIComponent(namespace)}/${t.plural}`;
}

class Kube {
  constructor(server, token) {
    this.server = server.replace(/\/+$/, '');
    this.token = token;
  }

  request(method, path, body, contentType = 'application/json') {
    const url = new URL(this.server + path);
    const mod = url.protocol === 'https:' ? https : http;
    const data =
      body === undefined
        ? undefined
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method,
          rejectUnauthorized: false,
          headers: {
            Accept: 'application/json',
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
            ...(data
              ? { 'Content-Type': contentType, 'Content-Length': data.length }
              : {}),
          },
        },
        res => {
          const chunks = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, body: json, text });
          });
        },
      );
      req.on('error', reject);
      req.setTimeout(10000, () =>
        req.destroy(new Error(`timeout ${method} ${path}`)),
      );
      if (data) req.write(data);
      req.end();
    });
  }

  async list(kind, namespace) {
    const r = await this.request('GET', collectionPath(kind, namespace));
    if (r.status === 404) return [];
    if (r.status !== 200)
      throw new Error(`list ${kind}: ${r.status} ${r.text.slice(0, 200)}`);
    return Array.isArray(r.body && r.body.items) ? r.body.items : [];
  }

  async get(kind, namespace, name) {
    const r = await this.request(
      'GET',
      `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`,
    );
    if (r.status === 404) return undefined;
    if (r.status !== 200)
      throw new Error(
        `get ${kind} ${name}: ${r.status} ${r.text.slice(0, 200)}`,
      );
    return r.body;
  }

  async create(obj) {
    const r = await this.request(
      'POST',
      collectionPath(obj.kind, obj.metadata.namespace),
      obj,
    );
    if (r.status >= 300 && r.status !== 409)
      throw new Error(
        `create ${obj.kind}: ${r.status} ${r.text.slice(0, 300)}`,
      );
    return r.body;
  }

  /** Merge-patches the object, or its status subresource (falling back to the object when there is none). */
  async mergePatch(kind, namespace, name, patch, subresource) {
    const base = `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
    let r = await this.request(
      'PATCH',
      subresource ? `${base}/${subresource}` : base,
      patch,
      'application/merge-patch+json',
    );
    if (subresource && (r.status === 404 || r.status === 405)) {
      r = await this.request(
        'PATCH',
        base,
        patch,
        'application/merge-patch+json',
      );
    }
    if (r.status >= 300)
      throw new Error(
        `patch ${kind} ${name}: ${r.status} ${r.text.slice(0, 300)}`,
      );
    return r.body;
  }
}

module.exports = { Kube, TYPES, collectionPath };
