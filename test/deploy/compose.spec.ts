// docker-compose.yml against the official Compose Specification schema.
// Schema: compose-spec/compose-spec, schema/compose-spec.json at commit
// 00655e2222608fa6eaecdf12ac5195889ca2244a, vendored unchanged as compose-spec.schema.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync } from 'node:fs';
import { loadYaml, readText, repoPath } from './helpers.js';

const require = createRequire(import.meta.url);

function composeValidator(): ValidateFunction {
  const schema = JSON.parse(readText('test/deploy/compose-spec.schema.json')) as { $schema: string };
  // The schema declares draft-07 under its https address; Ajv knows draft-07 by its
  // http id, so register the same meta-schema under the declared one as well.
  const draft07 = JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-07.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  expect(ajv.validateSchema(schema)).toBe(true);
  return ajv.compile(schema);
}

const clone = <T>(value: T): T => structuredClone(value);

describe('docker-compose.yml', () => {
  const validate = composeValidator();
  const compose = loadYaml('docker-compose.yml');

  it('validates against the Compose Specification schema', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each<[string, (doc: any) => void]>([
    ['ports that are not a list', (doc) => void (doc.services.gateway.ports = 'nope')],
    ['an unknown top-level key', (doc) => void (doc.servicez = {})],
    ['an unknown service key', (doc) => void (doc.services.identity.imagee = 'x')],
    ['a depends_on condition that does not exist', (doc) => void (doc.services.roster.depends_on.nats.condition = 'service_ready')],
    ['a healthcheck test that is a number', (doc) => void (doc.services.nats.healthcheck.test = 42)],
  ])('rejects a document with %s', (_what, mutate) => {
    const broken = clone(compose);
    mutate(broken);
    expect(validate(broken)).toBe(false);
  });

  it('runs NATS with JetStream on a volume, healthy through the monitoring port', () => {
    const nats = compose.services.nats;
    // Pinned to a tested minor version, never a moving major tag.
    expect(nats.image).toMatch(/^nats:2\.(9|10)(\.\d+)?-alpine$/);
    const command: string[] = nats.command;
    expect(command).toContain('-js');
    expect(command[command.indexOf('-sd') + 1]).toBe('/data');
    expect(command[command.indexOf('-m') + 1]).toBe('8222');
    expect(nats.volumes).toContain('nats-data:/data');
    expect(compose.volumes).toHaveProperty('nats-data');
    expect(nats.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8222/healthz');
  });

  it('runs Postgres 17 or 18 with a readiness healthcheck and a volume', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toMatch(/^postgres:1[78]\b/);
    expect(pg.environment.POSTGRES_DB).toBe('talent_portal');
    expect(JSON.stringify(pg.healthcheck.test)).toContain('pg_isready');
    expect(pg.volumes.some((v: string) => v.startsWith('postgres-data:'))).toBe(true);
    expect(compose.volumes).toHaveProperty('postgres-data');
  });

  it('runs the collector on deploy/otel/collector.yaml and Jaeger with its UI published', () => {
    const collector = compose.services['otel-collector'];
    expect(collector.image).toMatch(/^otel\/opentelemetry-collector-contrib:/);
    const mount = collector.volumes.find((v: string) => v.includes('collector.yaml'));
    expect(mount).toBeDefined();
    const source = mount.split(':')[0];
    expect(source).toBe('./deploy/otel/collector.yaml');
    expect(existsSync(repoPath(source))).toBe(true);
    expect(collector.command.join(' ')).toContain(mount.split(':')[1]);

    const jaeger = compose.services.jaeger;
    expect(jaeger.image).toMatch(/^jaegertracing\//);
    expect(jaeger.ports).toContain('16686:16686');
  });

  it('gives every service with a healthcheck a test and every depends_on target a defined service', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      if (service.healthcheck) expect([name, service.healthcheck.test]).toEqual([name, expect.anything()]);
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect([name, dep, dep in compose.services]).toEqual([name, dep, true]);
      for (const [dep, cond] of Object.entries<any>(Array.isArray(service.depends_on) ? {} : (service.depends_on ?? {}))) {
        if (cond.condition === 'service_healthy') {
          expect([name, dep, Boolean(compose.services[dep].healthcheck)]).toEqual([name, dep, true]);
        }
      }
    }
  });

  it('provisions the bus once, as the provisioner, before any service starts', () => {
    const provision = compose.services['bus-provision'];
    expect(provision.build.target).toBe('bus-provision');
    expect(provision.volumes.find((v: any) => v.target === '/run/bus').volume.subpath).toBe('provisioner');
    expect(provision.depends_on.nats.condition).toBe('service_healthy');
    for (const name of ['gateway', 'identity', 'roster', 'campaigns', 'negotiation', 'metrics-ingestion', 'metrics', 'notifications']) {
      expect([name, compose.services[name].depends_on['bus-provision']?.condition]).toEqual([name, 'service_completed_successfully']);
    }
  });
});
