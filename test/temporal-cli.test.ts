import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCacheDir, findTemporalCli, TEMPORAL_CLI_VERSION } from '../temporal/cli';

describe('Temporal CLI resolution', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-cli-'));
  const fakeCli = path.join(tmp, 'bin', 'temporal');
  beforeAll(() => {
    fs.mkdirSync(path.dirname(fakeCli), { recursive: true });
    fs.writeFileSync(fakeCli, '#!/bin/sh\necho fake\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prefers TEMPORAL_CLI', () => {
    expect(findTemporalCli({ TEMPORAL_CLI: fakeCli, PATH: '' })).toEqual({ source: 'TEMPORAL_CLI', path: fakeCli });
  });

  it('rejects a TEMPORAL_CLI that is not an executable file', () => {
    expect(() => findTemporalCli({ TEMPORAL_CLI: path.join(tmp, 'missing') })).toThrow(/TEMPORAL_CLI=.*not an executable/);
  });

  it('then looks on PATH', () => {
    expect(findTemporalCli({ PATH: path.dirname(fakeCli), XDG_CACHE_HOME: path.join(tmp, 'empty-cache') })).toEqual({
      source: 'PATH',
      path: fakeCli,
    });
  });

  it('then uses the per-user go build cache, outside the clone and versioned', () => {
    const cacheHome = path.join(tmp, 'cache');
    const dir = cliCacheDir({ XDG_CACHE_HOME: cacheHome });
    expect(dir).toBe(path.join(cacheHome, 'handover', `temporal-cli-${TEMPORAL_CLI_VERSION}`));
    expect(findTemporalCli({ PATH: '', XDG_CACHE_HOME: cacheHome })).toBeUndefined();
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(fakeCli, path.join(dir, 'temporal'));
    fs.chmodSync(path.join(dir, 'temporal'), 0o755);
    expect(findTemporalCli({ PATH: '', XDG_CACHE_HOME: cacheHome })).toEqual({ source: 'go-cache', path: path.join(dir, 'temporal') });
  });
});
