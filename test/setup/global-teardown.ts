import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__HANDOVER_TEST_SERVER__?.stop();
  const tmp = globalThis.__HANDOVER_TEST_TMP__;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
