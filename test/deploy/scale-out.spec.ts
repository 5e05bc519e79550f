// deploy/k8s runs every part with more than one copy: a node, a pod or a machine can go
// without taking a service, the bus or the database along.
import { loadYaml, loadYamlDocuments, serviceNames } from './helpers.js';

const dir = 'deploy/k8s';
const docs = (loadYaml(dir, 'kustomization.yaml').resources as string[]).flatMap((f) => loadYamlDocuments(dir, f));
const ofKind = (kind: string) => docs.filter((d) => d.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((d) => d.metadata.name === name);
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('deploy/k8s scale-out', () => {
  it.each(serviceNames())('%s: at least two replicas, spread over machines, never all disrupted at once', (service) => {
    const deployment = named('Deployment', service);
    expect(deployment).toBeDefined();
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const hpa = named('HorizontalPodAutoscaler', service);
    if (hpa) expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const podLabels = deployment.spec.template.metadata.labels;
    const anti = deployment.spec.template.spec.affinity?.podAntiAffinity;
    const terms = [...(anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []), ...(anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: any) => p.podAffinityTerm)];
    expect(terms.some((t: any) => t.topologyKey === 'kubernetes.io/hostname' && labelsMatch(t.labelSelector.matchLabels, podLabels))).toBe(true);
    const pdb = ofKind('PodDisruptionBudget').find((p) => labelsMatch(p.spec.selector.matchLabels, podLabels));
    expect(pdb).toBeDefined();
    expect(pdb.spec.minAvailable ?? deployment.spec.replicas - pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
  });

  it('runs NATS as three JetStream nodes on three machines, routed to each other, at most one down by choice', () => {
    const nats = named('StatefulSet', 'nats');
    expect(nats.spec.replicas).toBe(3);
    expect(nats.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    const conf: string = named('ConfigMap', 'nats-config').data['nats.conf'];
    expect(conf).toMatch(/jetstream\s*{/);
    for (let i = 0; i < 3; i++) expect(conf).toContain(`nats://nats-${i}.${nats.spec.serviceName}:6222`);
    expect(named('PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
    // Streams and buckets keep a copy on each node.
    expect(named('ConfigMap', 'talent-portal-config').data.NATS_STREAM_REPLICAS).toBe('3');
  });

  it('runs PostgreSQL as a CloudNativePG cluster with a replica on another machine, which every service reaches through the primary\'s Service', () => {
    const pg = named('Cluster', 'postgres');
    expect(pg.apiVersion).toMatch(/^postgresql\.cnpg\.io\//);
    expect(pg.spec.instances).toBeGreaterThanOrEqual(2);
    expect(pg.spec.affinity.enablePodAntiAffinity).toBe(true);
    const urls = ofKind('Secret').flatMap((s) => Object.entries<string>(s.stringData ?? {}).filter(([k]) => /^DATABASE_(MIGRATION_)?URL$/.test(k)).map(([, v]) => v));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).hostname).toBe('postgres-rw');
  });
});
