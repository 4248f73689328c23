/**
 * The deployment files: the Helm chart rendered (tests/helpers/helm-subset.ts) and each object
 * checked against Kubernetes' own schemas (kubernetes-models), the compose file and the
 * Dockerfile read for what they promise. Nothing here can run a container: images cannot be
 * pulled on these machines. The image's contents are tested in tests/release.postgres.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HelmSubset } from './helpers/helm-subset.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHART = path.join(ROOT, 'deploy/helm/webnet');
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are read field by field below
type Manifest = any;
const VALUES = {
  secretKey: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  databaseUrl: 'postgres://webnet:pw@db:5432/webnet',
  publicUrl: 'https://webnet.example.net',
  worker: { replicas: 3 },
  ingress: { enabled: true, className: 'nginx', host: 'webnet.example.net', tlsSecret: 'webnet-tls' },
};
const render = (values: Record<string, unknown>): Manifest[] => HelmSubset.renderChart(CHART, values);
const find = (docs: Manifest[], kind: string, name: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === name);

describe('the Helm chart', () => {
  const docs = render(VALUES);

  it('renders objects Kubernetes accepts: web and worker Deployments, Service, Ingress, Secret, PDBs', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'Deployment/rel-webnet-web',
      'Deployment/rel-webnet-worker',
      'Ingress/rel-webnet',
      'PodDisruptionBudget/rel-webnet-web',
      'PodDisruptionBudget/rel-webnet-worker',
      'Secret/rel-webnet',
      'Service/rel-webnet',
    ]);
    for (const d of docs) {
      const Model = MODELS[`${d.apiVersion}/${d.kind}`];
      expect(Model, `${d.apiVersion}/${d.kind}`).toBeDefined();
      expect(() => new Model!(d as never).validate(), `${d.kind}/${d.metadata.name}`).not.toThrow();
    }
  });

  it('runs the web process with its probes, and the Service and Ingress reach it', () => {
    const web = find(docs, 'Deployment', 'rel-webnet-web');
    const pod = web.spec.template.spec;
    const c = pod.containers[0];
    expect(c.args).toEqual(['serve', '--no-worker']);
    expect(c.image).toBe('webnet:0.1.0');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.envFrom).toEqual([{ secretRef: { name: 'rel-webnet' } }]);
    expect(c.env).toContainEqual({ name: 'WEBNET_PUBLIC_URL', value: 'https://webnet.example.net' });
    expect(c.resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const service = find(docs, 'Service', 'rel-webnet');
    for (const [k, v] of Object.entries(service.spec.selector))
      expect(web.spec.template.metadata.labels[k]).toBe(v);
    const ingress = find(docs, 'Ingress', 'rel-webnet');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['webnet.example.net'], secretName: 'webnet-tls' }]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.port.name);
  });

  it('runs workers with replicas, their own probes, and time to finish their devices on SIGTERM', () => {
    const worker = find(docs, 'Deployment', 'rel-webnet-worker');
    expect(worker.spec.replicas).toBe(3);
    const c = worker.spec.template.spec.containers[0];
    expect(c.args).toEqual(['worker']);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(c.env).toContainEqual({ name: 'WEBNET_SHUTDOWN_GRACE_SECONDS', value: '20' });
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBe(35);
    for (const name of ['rel-webnet-web', 'rel-webnet-worker']) {
      const pdb = find(docs, 'PodDisruptionBudget', name);
      const pods = find(docs, 'Deployment', name).spec.template.metadata.labels;
      for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(pods[k]).toBe(v);
    }
  });

  it('keeps the key and the database URL in a Secret, or uses one of your own', () => {
    const secret = find(docs, 'Secret', 'rel-webnet');
    expect(secret.stringData).toEqual({
      WEBNET_SECRET_KEY: VALUES.secretKey,
      DATABASE_URL: VALUES.databaseUrl,
    });
    expect(() => render({ databaseUrl: 'postgres://x@y/z' })).toThrow(
      'secretKey (or existingSecret) is required',
    );
    const own = render({ existingSecret: 'my-webnet' });
    expect(own.filter((d) => d.kind === 'Secret')).toEqual([]);
    expect(find(own, 'Deployment', 'rel-webnet-worker').spec.template.spec.containers[0].envFrom).toEqual([
      { secretRef: { name: 'my-webnet' } },
    ]);
    expect(own.some((d) => d.kind === 'Ingress')).toBe(false);
  });
});

describe('compose and the Dockerfile', () => {
  it('compose runs the web process, two workers and PostgreSQL, on one key and one database', () => {
    const compose = parseYaml(fs.readFileSync(path.join(ROOT, 'deploy/compose.yaml'), 'utf8'), {
      merge: true,
    });
    const { web, worker, postgres } = compose.services;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(web.command).toEqual(['serve', '--no-worker']);
    expect(worker.command).toEqual(['worker']);
    expect(worker.deploy.replicas).toBe(2);
    for (const s of [web, worker]) {
      expect(s.environment.DATABASE_URL).toBe('postgres://webnet:webnet@postgres:5432/webnet');
      // Compose refuses to start without the key rather than start with none.
      expect(s.environment.WEBNET_SECRET_KEY).toMatch(/^\$\{WEBNET_SECRET_KEY:\?/);
      expect(s.depends_on.postgres.condition).toBe('service_healthy');
      expect(s.healthcheck.test.join(' ')).toContain('/readyz');
    }
    expect(worker.healthcheck.test.join(' ')).toContain(':9464/readyz');
  });

  it('the Dockerfile builds the release in one stage and runs it on Node 24 as a non-root user', () => {
    const file = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const stages = file.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    expect(stages.every((s) => s.startsWith('node:24'))).toBe(true);
    expect(stages[0]).toContain('node scripts/release.ts /release');
    const runtime = stages[1]!;
    expect(runtime).toContain('COPY --from=build /release /app');
    // Production dependencies only: the runtime stage installs nothing of its own.
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["webnet"\]$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.git']));
  });
});
