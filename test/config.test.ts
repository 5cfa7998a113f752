import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.HANDOVER_API_PORT).toBe(3000);
    expect(config.TEMPORAL_NAMESPACE).toBe('handover');
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.HANDOVER_DAY_SECONDS).toBe(86400);
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('names the variable and what it expects, without echoing the value', () => {
    expect(() => loadConfig({ HANDOVER_API_PORT: 'abc' })).toThrow(ConfigError);
    try {
      loadConfig({ HANDOVER_API_PORT: 'abc' });
    } catch (err) {
      expect((err as ConfigError).variable).toBe('HANDOVER_API_PORT');
      expect((err as Error).message).toBe('Invalid configuration: HANDOVER_API_PORT must be a TCP port number (1-65535)');
    }
    expect(() => loadConfig({ HANDOVER_LOG_LEVEL: 'loud' })).toThrow(/HANDOVER_LOG_LEVEL/);
    expect(() => loadConfig({ HANDOVER_DAY_SECONDS: '-1' })).toThrow(/HANDOVER_DAY_SECONDS/);
    expect(() => loadConfig({ HANDOVER_JWT_SECRET: 'short-secret-value' })).not.toThrow(/HANDOVER_API_PORT/);
  });

  it('treats blank optional variables as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '  ' }).TEMPORAL_ADDRESS).toBeUndefined();
  });

  it.each(['scripts/start.ts', 'worker/main.ts'])('%s exits non-zero with one line naming a bad variable', (entry) => {
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), entry], {
      cwd: root,
      env: { ...process.env, HANDOVER_API_PORT: 'abc', TEMPORAL_ADDRESS: '127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(['Invalid configuration: HANDOVER_API_PORT must be a TCP port number (1-65535)']);
  });
});
