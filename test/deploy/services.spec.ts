// Every service has a compose service, a Dockerfile target and Kubernetes manifests,
// and all three agree on its port, health endpoints and start command.
import { loadYaml, loadYamlDocuments, parseDockerfile, readText, serviceNames, specOf, stageEnv } from './helpers.js';

const SERVICES = serviceNames();
const compose = loadYaml('docker-compose.yml');
const stages = parseDockerfile(readText('deploy/Dockerfile'));
const kustomization = loadYaml('deploy/k8s/kustomization.yaml');
const manifests: any[] = (kustomization.resources as string[]).flatMap((file) => loadYamlDocuments('deploy/k8s', file));
const configMap = (name: string) => manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);

const manifest = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata?.name === name);
const instructions = (stage: string, keyword: string) =>
  stages.find((s) => s.name === stage)?.instructions.filter((i) => i.keyword === keyword).map((i) => i.args) ?? [];

describe.each(SERVICES)('%s', (name) => {
  const spec = specOf(name);

  it('has a known port', () => {
    // A new services/<name> must be added to KNOWN_SERVICES (helpers.ts) with its port.
    expect(spec).toBeDefined();
  });
  if (!spec) return;
  const isGateway = name === 'gateway';
  /** Where probes and /metrics answer. */
  const opsPort = spec.ops?.port ?? spec.port;

  describe('docker-compose.yml', () => {
    const service = compose.services?.[name];

    it('builds its own target of deploy/Dockerfile', () => {
      expect(service).toBeDefined();
      expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile', target: name });
      expect(service.restart).toBe('unless-stopped');
    });

    it('is wired to NATS, Postgres and the collector, on its port', () => {
      const env = service.environment;
      expect(env.NATS_URL).toBe('nats://nats:4222');
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/talent_portal$/);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
      expect(String(env[spec.portEnv])).toBe(String(spec.port));
      if (spec.ops) expect(String(env[spec.ops.portEnv])).toBe(String(spec.ops.port));
    });

    it('waits for healthy infrastructure and has a health check on its own port', () => {
      expect(service.depends_on.nats).toEqual({ condition: 'service_healthy' });
      if (!isGateway) expect(service.depends_on.postgres).toEqual({ condition: 'service_healthy' });
      expect(service.healthcheck.test).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs', '/health/ready']);
    });

    if (isGateway) {
      it('is published on 3000, its operations port only inside the network', () => {
        expect(service.ports).toEqual(['3000:3000']);
      });
    }
  });

  describe('deploy/Dockerfile', () => {
    it(`has a target "FROM runtime AS ${name}"`, () => {
      const stage = stages.find((s) => s.name === name);
      expect(stage).toBeDefined();
      expect(stage!.from).toBe('runtime');
    });

    it('exposes its port and sets the variable the service reads it from', () => {
      expect(instructions(name, 'EXPOSE')).toEqual([[spec.port, ...(spec.ops ? [spec.ops.port] : [])].join(' ')]);
      expect(stageEnv(stages, name)[spec.portEnv]).toBe(String(spec.port));
      if (spec.ops) expect(stageEnv(stages, name)[spec.ops.portEnv]).toBe(String(spec.ops.port));
    });

    it('copies its build output and starts it with node', () => {
      expect(instructions(name, 'COPY')).toContain(`--from=build /app/dist/services/${name} ./dist/services/${name}`);
      expect(JSON.parse(instructions(name, 'CMD')[0] ?? 'null')).toEqual(['node', `dist/services/${name}/src/main.js`]);
    });
  });

  describe('deploy/k8s', () => {
    const deployment = manifest('Deployment', name);
    const service = manifest('Service', name);
    const hpa = manifest('HorizontalPodAutoscaler', name);
    const pod = deployment?.spec.template.spec;
    const container = pod?.containers.find((c: any) => c.name === name);
    const portByName = (port: number | string) =>
      typeof port === 'number' ? port : container.ports.find((p: any) => p.name === port)?.containerPort;

    it('has a Deployment, a Service and a HorizontalPodAutoscaler', () => {
      expect(deployment).toBeDefined();
      expect(service).toBeDefined();
      expect(hpa).toBeDefined();
    });

    it('runs 2 replicas of its image on its port', () => {
      expect(deployment.spec.replicas).toBe(2);
      expect(container.image).toBe(`talent-portal/${name}`);
      expect(container.ports.map((p: any) => p.containerPort)).toEqual([spec.port, ...(spec.ops ? [spec.ops.port] : [])]);
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
      expect(env[spec.portEnv]).toBe(String(spec.port));
      if (spec.ops) expect(env[spec.ops.portEnv]).toBe(String(spec.ops.port));
    });

    it('selects its own pods', () => {
      const podLabels = deployment.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels)) expect(podLabels[k]).toBe(v);
      for (const [k, v] of Object.entries(service.spec.selector)) expect(podLabels[k]).toBe(v);
    });

    it('probes /health/ready for readiness and /health/live for liveness, and is scraped, on its operations port', () => {
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(portByName(container.readinessProbe.httpGet.port)).toBe(opsPort);
      expect(portByName(container.livenessProbe.httpGet.port)).toBe(opsPort);
      if (container.startupProbe) expect(portByName(container.startupProbe.httpGet.port)).toBe(opsPort);
      expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(opsPort));
    });

    it('reads settings from the shared ConfigMap and its credentials from a Secret', () => {
      const refs = container.envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name);
      expect(refs).toContain('talent-portal-config');
      for (const ref of container.envFrom) {
        if (ref.configMapRef) expect(configMap(ref.configMapRef.name)).toBeDefined();
        if (ref.secretRef) expect(manifest('Secret', ref.secretRef.name)).toBeDefined();
      }
      if (!isGateway) {
        const secretName = container.envFrom.find((e: any) => e.secretRef)?.secretRef.name;
        expect(manifest('Secret', secretName)?.stringData).toHaveProperty('DATABASE_URL');
      }
    });

    it('has requests, limits and a grace period longer than preStop + SHUTDOWN_TIMEOUT_MS', () => {
      expect(container.resources.requests.cpu).toBeDefined();
      expect(container.resources.requests.memory).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
      const preStop: string[] = container.lifecycle.preStop.exec.command;
      expect(preStop[0]).toBe('sleep');
      const shutdownMs = Number(configMap('talent-portal-config').data.SHUTDOWN_TIMEOUT_MS);
      expect(shutdownMs).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(preStop[1]) * 1000 + shutdownMs);
    });

    it('is reachable through a ClusterIP Service on the container port', () => {
      expect(service.spec.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(service.spec.ports.map((p: any) => portByName(p.targetPort ?? p.port))).toEqual([spec.port]);
    });

    it('autoscales on 70% CPU from 2 replicas', () => {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBe(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
      expect(hpa.spec.metrics).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      });
    });

    if (isGateway) {
      it('is exposed outside the cluster by an Ingress', () => {
        const ingress = manifests.find((m) => m.kind === 'Ingress');
        const backends = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service));
        expect(backends).toContainEqual({ name: 'gateway', port: { name: service.spec.ports[0].name } });
      });
    }
  });
});

describe('deploy/Dockerfile shared stages', () => {
  it('has deps, build and prune stages and a slim Node 24 runtime base', () => {
    const names = stages.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['deps', 'build', 'prune', 'runtime']));
    expect(instructions('deps', 'RUN').join('\n')).toMatch(/npm install\b/);
    expect(instructions('deps', 'RUN').join('\n')).not.toMatch(/npm ci\b/);
    expect(instructions('build', 'RUN').join('\n')).toMatch(/nx run-many -t build/);
    expect(instructions('prune', 'RUN').join('\n')).toMatch(/npm install --omit=dev/);
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(readText('deploy/Dockerfile'))?.[1];
    expect(nodeImage).toMatch(/^node:24-.*slim$/);
    expect(stages.find((s) => s.name === 'runtime')!.from).toBe('${NODE_IMAGE}');
  });

  it('runs the runtime as a non-root user in production mode with a liveness HEALTHCHECK', () => {
    const user = instructions('runtime', 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(stageEnv(stages, 'runtime').NODE_ENV).toBe('production');
    expect(instructions('runtime', 'HEALTHCHECK').join('\n')).toContain('/health/live');
  });

  it('has no service target that is not a known service', () => {
    const targets = stages.filter((s) => s.from === 'runtime').map((s) => s.name).sort();
    expect(targets).toEqual([...SERVICES].sort());
  });
});
