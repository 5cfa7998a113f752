/**
 * The demo seed through the real API, worker and workflow: the cases land in the stages it promises,
 * the inboxes show them to the right people, and seeding again changes nothing.
 */
import type { HandoverApp } from '../api/app';
import { seedDemo, type SeededDemo } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

let iso: IsolatedApi;
let app: HandoverApp;
let demo: SeededDemo;

async function get(path: string, token: string) {
  const res = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

beforeAll(async () => {
  iso = await startIsolatedApi({ prefix: 'handover-demo' });
  app = await iso.app();
  demo = await seedDemo(injectApi(app), (role, country) => tokenFor(role, country));
}, 120_000);

afterAll(async () => {
  await iso?.stop();
});

it('creates MM→TH→CN and KH→CN cases at the stages it describes', async () => {
  expect(demo.cases).toHaveLength(8);
  const monitorCN = await tokenFor('monitor', 'CN');
  const stages: string[] = [];
  for (const c of demo.cases) stages.push((await get(`/api/v1/cases/${c.caseId}`, monitorCN)).body.stage);
  for (const [i, c] of demo.cases.entries()) expect(c.state.split(':')[0]).toBe(stages[i] === 'identity-verification' ? 'identity verification' : stages[i]);
  expect(demo.cases.filter((c) => c.route === 'MM→TH→CN')).toHaveLength(4);
  expect(demo.cases.filter((c) => c.route === 'KH→CN')).toHaveLength(4);
  expect(stages.filter((s) => s === 'approvals')).toHaveLength(3);
});

it('puts the Mae Sot cases on an operation when the server has the operations API', async () => {
  const probe = await app.inject({ method: 'GET', url: '/api/v1/operations/operation-MM-20250220-ABCDEFGH', headers: { authorization: `Bearer ${await tokenFor('monitor', 'MM')}` } });
  const hasOperations = !/^No route /.test((JSON.parse(probe.body) as { detail?: string }).detail ?? '');
  if (!hasOperations) {
    expect(demo.operationId).toBeUndefined();
    return;
  }
  expect(demo.operationId).toMatch(/^operation-MM-/);
  const view = await get(`/api/v1/operations/${demo.operationId}?refresh=true`, await tokenFor('monitor', 'TH'));
  expect(view.status).toBe(200);
  expect(view.body.manifest.total).toBe(4);
});

it("shows the waiting approvals to the right supervisors", async () => {
  const inbox = async (country: 'TH' | 'CN' | 'KH' | 'MM' | 'VN') =>
    (await get('/api/v1/inbox', await tokenFor('supervisor', country))).body.items.map((i: { caseId: string }) => i.caseId).sort();
  const byState = (prefix: string) => demo.cases.filter((c) => c.state.startsWith(prefix)).map((c) => c.caseId);
  const thaiOnly = byState("approvals: waits only on Thailand")[0];
  const everyone = byState('approvals: waits on Myanmar, Thailand and China')[0];
  const chinaAccept = byState("approvals: waits on China's acceptance")[0];
  expect(await inbox('TH')).toEqual([thaiOnly, everyone].sort());
  expect(await inbox('CN')).toEqual([everyone, chinaAccept].sort());
  expect(await inbox('MM')).toEqual([everyone]);
  expect(await inbox('KH')).toEqual([]);
  expect(await inbox('VN')).toEqual([]);
});

it('seeds twice without creating or changing anything', async () => {
  const again = await seedDemo(injectApi(app), (role, country) => tokenFor(role, country));
  expect(again.cases).toEqual([]);
});
