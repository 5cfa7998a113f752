/**
 * Every journey of a case to its outcome, on a real dev server and worker: the outcome, the key
 * timeline actions and the search attributes monitors filter on.
 */
import { decideApprovalUpdate, decideRefoulementUpdate, recordCustodyEventUpdate, recordLegalReviewUpdate, recordScreeningUpdate, recordVerificationUpdate, scheduleHandoverUpdate, withdrawCaseUpdate } from '../domain/case-messages';
import { actor, caseInput, startCase, testNotifications, type CaseDriver } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { outbox, activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

/** Screening (custodial officer) and verification (receiving officer), both clean. */
async function screenAndVerify(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry } = c.input.registration;
  await c.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed', reference: 'CONSULAR-1' });
}

async function approveAll(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry, transitCountries } = c.input.registration;
  for (const country of [custodialCountry, receivingCountry, ...transitCountries]) {
    await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
  }
}

async function scheduleAndTransfer(c: CaseDriver): Promise<void> {
  const { custodialCountry, receivingCountry, transitCountries } = c.input.registration;
  await c.act(scheduleHandoverUpdate, actor('officer', custodialCountry), {
    agreedDate: new Date(Date.now() + 3_600_000).toISOString(),
    handoverPoint: 'border checkpoint',
    transport: 'land',
    escort: 'police escort',
  });
  await c.act(recordCustodyEventUpdate, actor('officer', custodialCountry), { event: 'released-by-custodial', country: custodialCountry });
  for (const t of transitCountries) {
    await c.act(recordCustodyEventUpdate, actor('officer', t), { event: 'entered-transit', country: t });
    await c.act(recordCustodyEventUpdate, actor('officer', t), { event: 'left-transit', country: t });
  }
  await c.act(recordCustodyEventUpdate, actor('officer', receivingCountry), {
    event: 'received-by-receiving',
    country: receivingCountry,
    identityRechecked: true,
  });
}

function kinds(caseId: string): string[] {
  return outbox.forCase(caseId).map((n) => n.kind);
}

describe('case paths', () => {
  it('direct deportation KH → CN ends handed-over', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));

    let sa = await c.searchAttributes();
    expect(sa).toMatchObject({
      stage: 'screening',
      track: 'deportation',
      custodialCountry: 'KH',
      receivingCountry: 'CN',
      countries: ['KH', 'CN'],
      waitingOn: ['officer:KH'],
      overdue: false,
    });
    expect(sa.outcome).toBeUndefined();
    expect(sa.transitCountries).toBeUndefined();
    expect(sa.nextLegalDeadline).toBeInstanceOf(Date); // immigration detention runs from registration

    await screenAndVerify(c);
    let view = await c.view();
    expect(view.stage).toBe('approvals');
    expect(view.approvals.map((a) => [a.country, a.slot, a.status])).toEqual([
      ['KH', 'release', 'pending'],
      ['CN', 'accept', 'pending'],
    ]);
    sa = await c.searchAttributes();
    expect(sa.waitingOn).toEqual(['supervisor:KH', 'supervisor:CN']);

    await approveAll(c);
    expect((await c.view()).stage).toBe('scheduling');

    await scheduleAndTransfer(c);
    const final = await c.handle.result();
    expect(final.outcome).toBe('handed-over');
    expect(final.stage).toBe('closed');
    expect(final.custodyEvents.map((e) => e.event)).toEqual(['released-by-custodial', 'received-by-receiving']);
    expect(final.custodyEvents[1]?.identityRechecked).toBe(true);
    expect(final.clocks.find((k) => k.name === 'immigration-detention')?.status).toBe('stopped');

    const actions = await c.actions();
    expect(actions.slice(0, 2)).toEqual(['registered', 'stage-changed']);
    expect(actions).toEqual(
      expect.arrayContaining(['screening-recorded', 'verification-recorded', 'approved', 'handover-scheduled', 'released-by-custodial']),
    );
    expect(actions.slice(-2)).toEqual(['received-by-receiving', 'closed']);
    const timeline = await c.timeline();
    expect(timeline[0]).toMatchObject({ actor: 'u-officer-KH-0', actorCountry: 'KH', stage: 'registered' });
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));

    sa = await c.searchAttributes();
    expect(sa).toMatchObject({ stage: 'closed', outcome: 'handed-over', overdue: false });
    expect(sa.waitingOn).toBeUndefined();
    expect(sa.nextDeadline).toBeUndefined();
    // Approval requests to both countries, one outcome notification; no personal data in any of them.
    expect(kinds(c.caseId).sort()).toEqual(['approval-requested', 'approval-requested', 'outcome']);
    expect(JSON.stringify(outbox.forCase(c.caseId))).not.toContain('Test Person');

    // The query still answers on the closed case.
    view = await c.view();
    expect(view.outcome).toBe('handed-over');
    await c.saveHistory('deportation-direct');
  });

  it('transit MM → TH → CN needs the transit consent and both transit custody events', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    let sa = await c.searchAttributes();
    expect(sa.transitCountries).toEqual(['TH']);
    expect(sa.countries).toEqual(['MM', 'CN', 'TH']);

    await screenAndVerify(c);
    await c.act(decideApprovalUpdate, actor('supervisor', 'MM'), { decision: 'approve' });
    await c.act(decideApprovalUpdate, actor('supervisor', 'CN'), { decision: 'approve' });
    // Two of three: the Thai transit consent is still missing.
    let view = await c.view();
    expect(view.stage).toBe('approvals');
    expect(view.waitingOn).toEqual([{ kind: 'person', role: 'supervisor', country: 'TH', action: 'decideApproval' }]);
    await c.act(decideApprovalUpdate, actor('supervisor', 'TH'), { decision: 'approve' });
    view = await c.view();
    expect(view.approvals.find((a) => a.country === 'TH')).toMatchObject({ slot: 'transit-consent', status: 'approved' });
    expect(view.stage).toBe('scheduling');

    await scheduleAndTransfer(c);
    const final = await c.handle.result();
    expect(final.outcome).toBe('handed-over');
    expect(final.custodyEvents.map((e) => `${e.event}@${e.country}`)).toEqual([
      'released-by-custodial@MM',
      'entered-transit@TH',
      'left-transit@TH',
      'received-by-receiving@CN',
    ]);
    expect(final.clocks.find((k) => k.name.startsWith('transit-stop'))).toMatchObject({ name: 'transit-stop:TH', status: 'stopped' });
    sa = await c.searchAttributes();
    expect(sa).toMatchObject({ stage: 'closed', outcome: 'handed-over' });
    expect(kinds(c.caseId).filter((k) => k === 'approval-requested')).toHaveLength(3);
    await c.saveHistory('deportation-transit');
  });

  it('extradition TH → CN: formal request stops provisional detention, court and executive decide', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'extradition', custodial: 'TH', receiving: 'CN' }));
    expect(c.input.profileId).toBe('extradition-CN-TH');
    await screenAndVerify(c);
    let view = await c.view();
    expect(view.stage).toBe('legal-review');
    const provisional = view.clocks.find((k) => k.name === 'provisional-detention');
    expect(provisional).toMatchObject({ kind: 'legal', status: 'running', legalBasis: 'China–Thailand Extradition Treaty art. 9' });
    let sa = await c.searchAttributes();
    expect(sa.waitingOn).toEqual(['legal:TH']);
    expect((sa.nextLegalDeadline as Date).toISOString()).toBe(provisional?.deadline);

    const legal = actor('legal', 'TH');
    await c.act(recordLegalReviewUpdate, legal, {
      step: 'formal-request',
      reference: 'MFA-2026-17',
      documents: [
        { name: 'arrest warrant', received: true },
        { name: 'statement of facts', received: true },
      ],
    });
    view = await c.view();
    expect(view.clocks.find((k) => k.name === 'provisional-detention')?.status).toBe('stopped');
    sa = await c.searchAttributes();
    expect(sa.nextLegalDeadline).toBeUndefined();

    await c.act(recordLegalReviewUpdate, legal, { step: 'court-decision', decision: 'extraditable', reference: 'COURT-9' });
    await c.act(recordLegalReviewUpdate, legal, { step: 'executive-decision', decision: 'granted', reference: 'EXEC-3' });
    view = await c.view();
    expect(view.stage).toBe('approvals');
    expect(view.legalReview).toMatchObject({
      formalRequest: { reference: 'MFA-2026-17' },
      courtDecision: { decision: 'extraditable' },
      executiveDecision: { decision: 'granted' },
    });

    await approveAll(c);
    await scheduleAndTransfer(c);
    const final = await c.handle.result();
    expect(final.outcome).toBe('handed-over');
    const timeline = await c.timeline();
    expect(timeline.find((e) => e.action === 'formal-request-received')).toMatchObject({ legalBasis: 'MFA-2026-17', actorRole: 'legal' });
    expect(timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['court-decision-recorded', 'executive-decision-recorded']),
    );
    sa = await c.searchAttributes();
    expect(sa).toMatchObject({ stage: 'closed', outcome: 'handed-over', track: 'extradition' });
    await c.saveHistory('extradition');
  });

  it('a court deciding not extraditable refuses the case', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'extradition', custodial: 'KH', receiving: 'CN' }));
    await screenAndVerify(c);
    const legal = actor('legal', 'KH');
    await c.act(recordLegalReviewUpdate, legal, { step: 'formal-request', reference: 'R-1', documents: [{ name: 'warrant', received: true }] });
    const result = await c.act(recordLegalReviewUpdate, legal, { step: 'court-decision', decision: 'not-extraditable', reference: 'C-1' });
    expect(result).toMatchObject({ stage: 'closed', outcome: 'refused' });
    expect((await c.handle.result()).outcome).toBe('refused');
  });

  it('a trafficking victim is screened out: referred-as-victim', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN' }));
    const result = await c.act(recordScreeningUpdate, actor('officer', 'MM'), { result: 'victim', vulnerable: true });
    expect(result).toMatchObject({ accepted: true, stage: 'closed', outcome: 'referred-as-victim' });
    const final = await c.handle.result();
    expect(final.screening).toMatchObject({ result: 'victim', vulnerable: true });
    expect((await c.actions()).slice(-2)).toEqual(['screening-recorded', 'closed']);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'referred-as-victim' });
    await c.saveHistory('victim');
  });

  it.each([
    ['proceed', 'identity-verification', undefined],
    ['refuse', 'closed', 'refused'],
  ] as const)('a refoulement risk blocks the case until legal decides %s', async (decision, stage, outcome) => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'TH', receiving: 'CN' }));
    await c.act(recordScreeningUpdate, actor('officer', 'TH'), { result: 'refoulement-risk' });
    const view = await c.view();
    expect(view.stage).toBe('screening');
    expect(view.refoulementReview).toEqual({ status: 'pending' });
    expect(view.waitingOn).toEqual([{ kind: 'person', role: 'legal', country: 'TH', action: 'decideRefoulement' }]);
    expect((await c.searchAttributes()).waitingOn).toEqual(['legal:TH']);
    // Blocked: nobody can move the case on but a legal officer of the custodial country.
    await c.refused(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed' }, 'CONFLICT');
    await c.refused(decideRefoulementUpdate, actor('supervisor', 'TH'), { decision, reference: 'ATA-13' }, 'FORBIDDEN');
    await c.refused(decideRefoulementUpdate, actor('legal', 'CN'), { decision, reference: 'ATA-13' }, 'FORBIDDEN');

    const result = await c.act(decideRefoulementUpdate, actor('legal', 'TH'), { decision, reference: 'Anti-Torture Act s.13 review 7' });
    expect(result.stage).toBe(stage);
    expect(result.outcome).toBe(outcome);
    const decided = (await c.timeline()).find((e) => e.action === 'refoulement-decided');
    expect(decided).toMatchObject({ detail: decision, legalBasis: 'Anti-Torture Act s.13 review 7', actorRole: 'legal' });
    expect((await c.searchAttributes()).stage).toBe(stage);
  });

  it('not a national: referred-to-embassy', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'LA', receiving: 'CN' }));
    await c.act(recordScreeningUpdate, actor('officer', 'LA'), { result: 'cleared' });
    const result = await c.act(recordVerificationUpdate, actor('officer', 'CN'), { result: 'not-a-national', referredTo: 'VN' });
    expect(result).toMatchObject({ stage: 'closed', outcome: 'referred-to-embassy' });
    const final = await c.handle.result();
    expect(final.verification).toMatchObject({ result: 'not-a-national', referredTo: 'VN' });
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'referred-to-embassy' });
  });

  it('an inconclusive verification stays in verification with a request for more information', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    await c.act(recordScreeningUpdate, actor('officer', 'KH'), { result: 'cleared' });
    const r = await c.act(recordVerificationUpdate, actor('officer', 'CN'), { result: 'inconclusive', moreInformation: 'fingerprints' });
    expect(r.stage).toBe('identity-verification');
    expect((await c.view()).verification).toMatchObject({ result: 'inconclusive', moreInformation: 'fingerprints' });
    await c.act(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed', reference: 'BIO-1' });
    expect((await c.view()).stage).toBe('approvals');
  });

  it('a rejection that returns the case to verification, then passes', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'VN', receiving: 'CN' }));
    await screenAndVerify(c);
    await c.act(decideApprovalUpdate, actor('supervisor', 'VN'), { decision: 'approve' });
    const rejected = await c.act(decideApprovalUpdate, actor('supervisor', 'CN'), {
      decision: 'reject',
      reason: 'consular confirmation expired',
      returnTo: 'identity-verification',
    });
    expect(rejected.stage).toBe('identity-verification');
    let view = await c.view();
    expect(view.approvals).toEqual([]);
    expect(view.verification).toBeUndefined();
    expect((await c.searchAttributes()).waitingOn).toEqual(['officer:CN']);

    await c.act(recordVerificationUpdate, actor('officer', 'CN', 2), { result: 'confirmed', reference: 'CONSULAR-2' });
    view = await c.view();
    expect(view.stage).toBe('approvals');
    // Both countries decide again on the reworked case.
    expect(view.approvals.every((a) => a.status === 'pending')).toBe(true);
    await approveAll(c);
    expect((await c.view()).stage).toBe('scheduling');
    const rejection = (await c.timeline()).find((e) => e.action === 'rejected');
    expect(rejection?.detail).toContain('returned to identity-verification');
    expect(kinds(c.caseId).filter((k) => k === 'approval-requested')).toHaveLength(4);
    await scheduleAndTransfer(c);
    expect((await c.handle.result()).outcome).toBe('handed-over');
    await c.saveHistory('rejection-returns');
  });

  it('a rejection that closes the case: refused', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'KH', receiving: 'CN' }));
    await screenAndVerify(c);
    const r = await c.act(decideApprovalUpdate, actor('supervisor', 'KH'), { decision: 'reject', reason: 'local prosecution first', close: true });
    expect(r).toMatchObject({ stage: 'closed', outcome: 'refused' });
    const final = await c.handle.result();
    expect(final.approvals.find((a) => a.country === 'KH')).toMatchObject({ status: 'rejected', reason: 'local prosecution first' });
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'refused' });
  });

  it('withdrawal by the requesting (receiving) country', async () => {
    const c = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'extradition', custodial: 'TH', receiving: 'CN' }));
    await c.act(recordScreeningUpdate, actor('officer', 'TH'), { result: 'cleared' });
    await c.refused(withdrawCaseUpdate, actor('supervisor', 'TH'), { reason: 'not ours to withdraw' }, 'FORBIDDEN');
    await c.refused(withdrawCaseUpdate, actor('officer', 'CN'), { reason: 'officers cannot' }, 'FORBIDDEN');
    const r = await c.act(withdrawCaseUpdate, actor('legal', 'CN'), { reason: 'request withdrawn by the requesting state' });
    expect(r).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
    const final = await c.handle.result();
    expect(final.outcome).toBe('withdrawn');
    expect(final.clocks.find((k) => k.name === 'provisional-detention')?.status).toBe('stopped');
    expect(await c.searchAttributes()).toMatchObject({ stage: 'closed', outcome: 'withdrawn', overdue: false });
    expect(kinds(c.caseId)).toEqual(['outcome']);
  });
});
