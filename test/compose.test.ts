/**
 * The production deployment files: docker-compose.yml as `docker compose config` resolves it, the
 * Dockerfile's entrypoints against the sources the build compiles, and .env.example against every
 * variable Handover and the compose file read. No Docker engine is needed (only the client).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { envSchema } from '../config/env';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: { type: string; source?: string; target: string; read_only?: boolean }[];
  ports?: { target: number; published?: string; host_ip?: string }[];
  expose?: string[];
  user?: string;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function composeAvailable(): string | undefined {
  const docker = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  if (docker.error || docker.status !== 0) return 'the docker client is not installed';
  const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (compose.error || compose.status !== 0) {
    return 'the docker compose plugin is not installed (scripts/ensure-docker-compose.sh builds it with Go)';
  }
  return undefined;
}

const missing = composeAvailable();
if (missing) process.stderr.write(`\n[compose test] SKIPPED the docker compose checks: ${missing}\n`);
const describeCompose = missing ? describe.skip : describe;

describeCompose('docker-compose.yml (docker compose config)', () => {
  let config: ComposeConfig;

  beforeAll(() => {
    // .env is never committed: resolve the file with .env.example, as a fresh clone would after `cp`.
    const out = execFileSync('docker', ['compose', '--env-file', '.env.example', 'config', '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HANDOVER_ENV_FILE: '.env.example', POSTGRES_PASSWORD: 'compose-test-only', GRAFANA_ADMIN_PASSWORD: 'compose-test-only' },
    });
    config = JSON.parse(out) as ComposeConfig;
  });

  it('names every service', () => {
    const names = Object.keys(config.services).sort();
    process.stdout.write(`[compose test] services: ${names.join(', ')}\n`);
    expect(names).toEqual(expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'worker', 'api']));
  });

  it('builds worker and api from the Dockerfile as one image with two commands', () => {
    const { worker, api } = config.services;
    for (const service of [worker, api]) {
      expect(service.build?.context).toBe(ROOT);
      expect(service.build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      // `config` folds env_file into environment: the secrets of the env file reach both services.
      expect(Object.keys(service.environment ?? {})).toEqual(expect.arrayContaining(['HANDOVER_KEYS', 'HANDOVER_JWT_SECRET']));
      expect(service.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    expect(worker.image).toBe(api.image);
    expect(worker.command).toEqual(['node', 'dist/worker/main.js']);
    expect(api.command).toEqual(['node', 'dist/api/server.js']);
    // In production the env file is `.env`, never committed.
    expect(read('docker-compose.yml')).toContain('env_file: ${HANDOVER_ENV_FILE:-.env}');
  });

  it('runs Temporal on PostgreSQL for persistence and visibility, with health checks and ordered start-up', () => {
    const { postgresql, temporal, worker, api } = config.services;
    expect(postgresql.image).toMatch(/^postgres:/);
    expect(postgresql.volumes?.some((v) => v.type === 'volume' && v.target === '/var/lib/postgresql/data')).toBe(true);
    expect(postgresql.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(temporal.image).toMatch(/^temporalio\/(server|auto-setup):/);
    expect(temporal.environment?.DB).toBe('postgres12');
    expect(temporal.environment?.POSTGRES_SEEDS).toBe('postgresql');
    expect(temporal.healthcheck?.test).toBeDefined();
    expect(config.services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(config.services['temporal-ui'].environment?.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
    expect(api.healthcheck?.test).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js', 'api']);
    expect(worker.healthcheck?.test).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js', 'worker']);
    for (const service of [worker, api]) {
      const conditions = Object.values(service.depends_on ?? {}).map((d) => d.condition);
      expect(conditions.length).toBeGreaterThan(0);
      expect(conditions.every((c) => c === 'service_healthy' || c === 'service_completed_successfully')).toBe(true);
    }
  });
});

describeCompose('docker-compose.yml: Prometheus and Grafana', () => {
  let config: ComposeConfig;
  beforeAll(() => {
    const out = execFileSync('docker', ['compose', '--env-file', '.env.example', 'config', '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HANDOVER_ENV_FILE: '.env.example', POSTGRES_PASSWORD: 'compose-test-only', GRAFANA_ADMIN_PASSWORD: 'compose-test-only' },
    });
    config = JSON.parse(out) as ComposeConfig;
  });

  it('pins every image it pulls to a version', () => {
    const pulled = Object.entries(config.services).filter(([, s]) => !s.build);
    expect(pulled.map(([name]) => name)).toEqual(expect.arrayContaining(['prometheus', 'grafana']));
    for (const [name, s] of pulled) expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/:v?\d+(\.\d+)*$/) });
  });

  it('mounts the files of deploy/ that exist, read-only', () => {
    const { prometheus, grafana } = config.services;
    const binds = [...(prometheus.volumes ?? []), ...(grafana.volumes ?? [])].filter((v) => v.type === 'bind');
    expect(binds.map((v) => v.target).sort()).toEqual(['/etc/grafana/provisioning', '/etc/prometheus/prometheus.yml', '/var/lib/grafana/dashboards']);
    for (const v of binds) {
      expect({ target: v.target, exists: fs.existsSync(v.source ?? ''), readOnly: v.read_only }).toEqual({ target: v.target, exists: true, readOnly: true });
      expect(path.relative(path.join(ROOT, 'deploy'), v.source ?? '').startsWith('..')).toBe(false);
    }
    expect(grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe('compose-test-only');
    expect(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe('/var/lib/grafana/dashboards/handover.json');
    expect(fs.existsSync(path.join(ROOT, 'deploy/grafana/dashboards/handover.json'))).toBe(true);
    // Published on loopback by default, like the API and the Temporal UI.
    for (const s of [prometheus, grafana]) expect(s.ports?.map((p) => p.host_ip)).toEqual(['127.0.0.1']);
  });

  it("scrapes the API's port and the worker's metrics port that compose sets", () => {
    const { worker, api } = config.services;
    const scrape = read('deploy/prometheus/prometheus.yml');
    const jobs = [...scrape.matchAll(/- job_name: (\S+)[\s\S]*?names: \[(\w+)\][\s\S]*?port: (\d+)/g)].map((m) => ({ job: m[1], service: m[2], port: m[3] }));
    expect(jobs).toEqual([
      { job: 'handover-api', service: 'api', port: String(api.environment?.HANDOVER_API_PORT) },
      { job: 'handover-worker', service: 'worker', port: String(worker.environment?.HANDOVER_WORKER_METRICS_PORT) },
    ]);
    expect(worker.environment?.HANDOVER_WORKER_METRICS_HOST).toBe('0.0.0.0');
    expect(worker.expose).toContain(String(worker.environment?.HANDOVER_WORKER_METRICS_PORT));
    const datasource = read('deploy/grafana/provisioning/datasources/prometheus.yml');
    expect(datasource).toMatch(/url: http:\/\/prometheus:9090/);
    expect(datasource).toMatch(/uid: prometheus/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const buildConfig = JSON.parse(read('tsconfig.build.json')) as { include: string[]; exclude?: string[] };

  /** dist/<dir>/<file>.js comes from <dir>/<file>.ts, and tsconfig.build.json must compile <dir>. */
  function sourceOf(distFile: string): string {
    const match = /^dist\/(.+)\.js$/.exec(distFile);
    if (!match) throw new Error(`${distFile} is not a dist/*.js file`);
    return `${match[1]}.ts`;
  }
  const compiled = (source: string) => {
    const top = source.split('/')[0];
    return buildConfig.include.includes(top) && !(buildConfig.exclude ?? []).includes(top);
  };

  it('is multi-stage, runs as a non-root user and prebundles the workflows', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/node dist\/scripts\/bundle-workflows\.js dist\/workflow-bundle\.js/);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
  });

  it('every entrypoint file corresponds to a source that exists and that the build compiles', () => {
    const cmd = /^CMD \[(.+)\]$/m.exec(dockerfile)?.[1];
    const fromDockerfile = JSON.parse(`[${cmd}]`) as string[];
    const entrypoints = new Set(['dist/worker/main.js', 'dist/api/server.js', 'dist/scripts/healthcheck.js', 'dist/scripts/bundle-workflows.js']);
    expect(entrypoints.has(fromDockerfile[1])).toBe(true);
    const compose = read('docker-compose.yml');
    for (const m of compose.matchAll(/"(dist\/[^"]+\.js)"/g)) entrypoints.add(m[1]);
    const rows = [...entrypoints].map((file) => {
      const source = sourceOf(file);
      return { file, source, exists: fs.existsSync(path.join(ROOT, source)), compiled: compiled(source) };
    });
    process.stdout.write(`[compose test] entrypoints: ${rows.map((r) => `${r.file} <- ${r.source}`).join(', ')}\n`);
    expect(rows.filter((r) => !r.exists || !r.compiled)).toEqual([]);
  });

  it('copies only folders that exist and that .dockerignore lets through', () => {
    const ignored = new Set(
      read('.dockerignore')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!')),
    );
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: fs.existsSync(path.join(ROOT, source)), ignored: ignored.has(source) }).toEqual({ source, exists: true, ignored: false });
    }
    for (const secret of ['.env', '.git', '.data', 'node_modules']) expect(ignored.has(secret)).toBe(true);
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('lists every variable of the configuration schema and of the compose file', () => {
    const fromSchema = Object.keys(envSchema.shape);
    const fromCompose = [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    // HANDOVER_ENV_FILE only points compose at another file (this test); it is not a setting.
    const wanted = [...new Set([...fromSchema, ...fromCompose])].filter((v) => v !== 'HANDOVER_ENV_FILE').sort();
    process.stdout.write(`[compose test] .env.example lists ${wanted.length} variables\n`);
    expect(wanted.filter((v) => !listed.has(v))).toEqual([]);
  });

  it('holds no secret, and .env stays out of git', () => {
    for (const name of ['POSTGRES_PASSWORD', 'HANDOVER_KEYS', 'HANDOVER_JWT_SECRET', 'HANDOVER_WEBHOOK_SECRET', 'GRAFANA_ADMIN_PASSWORD']) {
      expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
    }
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});
