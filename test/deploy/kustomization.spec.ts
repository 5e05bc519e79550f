// deploy/k8s/kustomization.yaml lists only files that exist, and every manifest there.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadYaml, loadYamlDocuments, repoPath } from './helpers.js';

const dir = 'deploy/k8s';
const kustomization = loadYaml(dir, 'kustomization.yaml');
const resources: string[] = kustomization.resources ?? [];

describe('deploy/k8s/kustomization.yaml', () => {
  it('is a Kustomization with resources', () => {
    expect(kustomization.kind).toBe('Kustomization');
    expect(resources.length).toBeGreaterThan(0);
    expect(new Set(resources).size).toBe(resources.length);
  });

  it.each(resources)('lists %s, which exists inside deploy/k8s', (file) => {
    expect(path.isAbsolute(file)).toBe(false);
    expect(path.normalize(file).startsWith('..')).toBe(false);
    expect(existsSync(repoPath(dir, file))).toBe(true);
  });

  it('lists every manifest in the directory', () => {
    const manifests = readdirSync(repoPath(dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect([...resources].sort()).toEqual(manifests.sort());
  });

  it('lists only files that parse as Kubernetes objects', () => {
    for (const file of resources) {
      for (const doc of loadYamlDocuments(dir, file)) {
        expect([file, typeof doc.apiVersion, typeof doc.kind, typeof doc.metadata?.name]).toEqual([file, 'string', 'string', 'string']);
      }
    }
  });

  it('names images that a Deployment or Job uses', () => {
    const used = new Set(
      resources.flatMap((f) => loadYamlDocuments(dir, f))
        .filter((d) => d.kind === 'Deployment' || d.kind === 'Job')
        .flatMap((d) => [...d.spec.template.spec.containers, ...(d.spec.template.spec.initContainers ?? [])].map((c: any) => c.image)),
    );
    for (const image of kustomization.images ?? []) expect(used.has(image.name)).toBe(true);
  });

  it('keeps placeholder values, not credentials, in the Secret template', () => {
    for (const file of resources) {
      for (const doc of loadYamlDocuments(dir, file).filter((d) => d.kind === 'Secret')) {
        expect(doc.data).toBeUndefined();
        for (const value of Object.values<string>(doc.stringData ?? {})) expect(value).toContain('CHANGE_ME');
      }
    }
  });

  it('provisions the bus with a Job that runs as the provisioner, on the settings every service reads', () => {
    const job = loadYamlDocuments(dir, 'bus-provision.yaml').find((d) => d.kind === 'Job');
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe('talent-portal/bus-provision');
    expect(container.envFrom).toEqual(expect.arrayContaining([{ configMapRef: { name: 'talent-portal-config' } }, { secretRef: { name: 'provisioner-bus' } }]));
    const secrets = loadYamlDocuments(dir, 'bus-secret.yaml').map((d) => d.metadata.name);
    expect(secrets).toContain('provisioner-bus');
  });
});
