// Handover dashboard: plain JavaScript, no framework, no build step. It reads and writes only through
// the public API (/api/v1/...), with the caller's bearer token kept in sessionStorage. Every piece of
// data is put into the page as text (never as HTML), and there is no inline script, so the API's
// Content-Security-Policy (script-src 'self') holds.

const TOKEN_KEY = 'handover.token';
const LANG_KEY = 'handover.lang';
const API = '/api/v1';
const RETURNABLE_STAGES = ['screening', 'identity-verification', 'legal-review'];

const state = {
  token: null,
  claims: null,
  lang: 'en',
  languages: [],
  messages: {},
  fallback: {},
  overdueHorizonDays: null,
};

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

async function loadJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

async function loadLanguage(code) {
  const messages = await loadJson(`/ui/i18n/${code}.json`);
  state.lang = code;
  state.messages = messages;
  document.documentElement.lang = code;
  sessionStorage.setItem(LANG_KEY, code);
}

/** The message for a key in the chosen language, falling back to English when not yet translated. */
function t(key, params = {}) {
  const template = state.messages[key] || state.fallback[key] || key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (params[name] !== undefined ? String(params[name]) : `{${name}}`));
}

function translateStatic() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.title = t('app.title');
}

function stageLabel(stage) {
  return t(`stage.${stage}`);
}

function countryLabel(code) {
  return t(`country.${code}`);
}

function waitingLabel(keyword) {
  const [kind, rest] = keyword.split(':');
  if (kind === 'timer') return t('waiting.timer', { clock: rest });
  if (kind === 'activity') return t('waiting.activity');
  return t('waiting.person', { role: t(`role.${kind}`), country: countryLabel(rest) });
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: text only, never innerHTML
// ---------------------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function table(headers, rows, attrs = {}) {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, headers.map((head) => h('th', { class: head.num ? 'num' : undefined }, head.label ?? head)))),
    h('tbody', {}, rows),
  );
}

function view() {
  return document.getElementById('view');
}

function render(...nodes) {
  view().replaceChildren(...nodes);
}

let flashTimer;
function flash(message, kind = 'ok') {
  const el = document.getElementById('flash');
  el.textContent = message;
  el.className = kind === 'error' ? 'flash error' : 'flash';
  el.hidden = false;
  el.dataset.testid = 'flash';
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => {
    el.hidden = true;
  }, 8000);
}

function caseLink(caseId) {
  return h('a', { href: `#/case/${encodeURIComponent(caseId)}`, class: 'mono', dataset: { testid: 'case-link' } }, caseId);
}

function routeOf(c) {
  return [c.custodialCountry, ...(c.transitCountries ?? []), c.receivingCountry].join(' → ');
}

function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(state.lang === 'zh' ? 'zh-CN' : state.lang);
}

// ---------------------------------------------------------------------------------------------
// Countdowns: every element with data-deadline is refreshed once a second
// ---------------------------------------------------------------------------------------------

function formatDuration(ms) {
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hh = Math.floor(s / 3600);
  s -= hh * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [];
  if (d) parts.push(`${d}${t('unit.d')}`);
  if (d || hh) parts.push(`${hh}${t('unit.h')}`);
  if (!d) parts.push(`${m}${t('unit.m')}`);
  if (!d && !hh) parts.push(`${s}${t('unit.s')}`);
  return parts.join(' ');
}

function countdown(deadline) {
  if (!deadline) return h('span', { class: 'countdown' }, '—');
  const el = h('span', { class: 'countdown', title: formatTime(deadline), dataset: { deadline } });
  updateCountdown(el);
  return el;
}

function updateCountdown(el) {
  const remaining = Date.parse(el.dataset.deadline) - Date.now();
  el.textContent = remaining >= 0 ? t('clock.left', { time: formatDuration(remaining) }) : t('clock.overdueBy', { time: formatDuration(remaining) });
  el.classList.toggle('past', remaining < 0);
  el.classList.toggle('soon', remaining >= 0 && remaining < 3600 * 1000);
}

setInterval(() => {
  for (const el of document.querySelectorAll('[data-deadline]')) updateCountdown(el);
}, 1000);

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  let res;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${state.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, { detail: t('error.network') });
  }
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.status === 401) {
    signOut(t('signin.rejected'));
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function errorMessage(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 503) return t('error.unavailable');
    return t('error.generic', { detail: err.message });
  }
  return t('error.generic', { detail: err instanceof Error ? err.message : String(err) });
}

function newRequestId() {
  if (globalThis.crypto?.randomUUID) return `web-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Sign in: the token's claims are read only for display; the API verifies every request
// ---------------------------------------------------------------------------------------------

function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    if (!claims.role || !claims.country) return null;
    return claims;
  } catch {
    return null;
  }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.claims = null;
  updateSession();
  renderSignIn(message);
}

function updateSession() {
  const signedIn = Boolean(state.claims);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
  document.getElementById('whoami').textContent = signedIn
    ? t('signedInAs', { name: state.claims.name ?? state.claims.sub, role: t(`role.${state.claims.role}`), country: countryLabel(state.claims.country) })
    : '';
}

function renderSignIn(message) {
  const input = h('textarea', { id: 'token-input', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, dataset: { testid: 'token-input' } });
  const error = h('p', { class: 'error', role: 'alert', dataset: { testid: 'signin-error' } }, message ?? '');
  const form = h(
    'form',
    {
      class: 'card signin',
      onsubmit: (event) => {
        event.preventDefault();
        const token = input.value.trim();
        const claims = decodeClaims(token);
        if (!claims) {
          error.textContent = t('signin.unreadable');
          return;
        }
        if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
          error.textContent = t('signin.expired');
          return;
        }
        sessionStorage.setItem(TOKEN_KEY, token);
        state.token = token;
        state.claims = claims;
        updateSession();
        if (location.hash === '' || location.hash === '#/' || location.hash === '#/signin') location.hash = '#/inbox';
        else void route();
      },
    },
    h('h1', {}, t('signin.title')),
    h('p', { class: 'subtitle' }, t('signin.help')),
    h('label', { for: 'token-input' }, t('signin.token')),
    input,
    error,
    h('button', { type: 'submit', class: 'primary', dataset: { testid: 'signin-submit' } }, t('signin.submit')),
  );
  render(form);
}

// ---------------------------------------------------------------------------------------------
// Approve / reject, used by the inbox and the case detail
// ---------------------------------------------------------------------------------------------

function approvalControls(caseId, onDone) {
  const box = h('div', { class: 'actions', dataset: { testid: 'approval-controls' } });
  const setBusy = (busy) => {
    for (const b of box.querySelectorAll('button')) b.disabled = busy;
  };
  const send = async (body, doneKey) => {
    setBusy(true);
    try {
      const result = await api(`/cases/${encodeURIComponent(caseId)}/approvals`, { method: 'POST', body: { requestId: newRequestId(), ...body } });
      flash(t(doneKey, { caseId, stage: stageLabel(result?.stage ?? '') }));
      await onDone(result);
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError && err.status === 401)) flash(errorMessage(err), 'error');
    }
  };
  const approve = h('button', { type: 'button', class: 'approve', dataset: { testid: 'approve' }, onclick: () => send({ decision: 'approve' }, 'approve.done') }, t('action.approve'));
  const reject = h(
    'button',
    {
      type: 'button',
      class: 'reject',
      dataset: { testid: 'reject' },
      onclick: () => {
        if (!box.querySelector('form')) box.append(rejectForm(send));
      },
    },
    t('action.reject'),
  );
  box.append(approve, reject);
  return box;
}

function rejectForm(send) {
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000, dataset: { testid: 'reject-reason' } });
  const target = h(
    'select',
    { name: 'target', dataset: { testid: 'reject-target' } },
    RETURNABLE_STAGES.map((stage) => h('option', { value: stage }, `${t('reject.returnTo')}: ${stageLabel(stage)}`)),
    h('option', { value: 'close' }, t('reject.close')),
  );
  const error = h('span', { class: 'error' });
  const form = h(
    'form',
    {
      class: 'reject-form',
      onsubmit: (event) => {
        event.preventDefault();
        if (!reason.value.trim()) {
          error.textContent = t('reject.reasonRequired');
          return;
        }
        const body = { decision: 'reject', reason: reason.value.trim(), ...(target.value === 'close' ? { close: true } : { returnTo: target.value }) };
        void send(body, 'reject.done');
      },
    },
    h('label', {}, t('reject.reason'), reason),
    target,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'reject' }, t('action.confirmReject')), h('button', { type: 'button', onclick: () => form.remove() }, t('action.cancel'))),
  );
  return form;
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

function loading() {
  render(h('p', { class: 'empty' }, t('loading')));
}

function failure(err) {
  if (err instanceof ApiError && err.status === 401) return;
  render(h('div', { class: 'card' }, h('p', { class: 'error', role: 'alert' }, errorMessage(err))));
}

function waitingBadges(list) {
  return (list ?? []).map((w) => h('span', { class: 'badge' }, waitingLabel(w)));
}

async function renderInbox() {
  loading();
  const data = await api('/inbox');
  const { role, country } = state.claims;
  const items = data.items ?? [];
  const rows = items.map((item) =>
    h(
      'tr',
      { dataset: { testid: 'inbox-row', caseId: item.caseId } },
      h('td', {}, caseLink(item.caseId)),
      h('td', {}, stageLabel(item.stage)),
      h('td', {}, routeOf(item)),
      h('td', {}, waitingBadges(item.waitingOn)),
      h('td', {}, countdown(item.nextDeadline)),
      h('td', {}, item.action === 'decideApproval' ? approvalControls(item.caseId, () => renderInbox().catch(failure)) : h('a', { href: `#/case/${encodeURIComponent(item.caseId)}` }, t('action.open'))),
    ),
  );
  render(
    h(
      'section',
      { class: 'card' },
      h('h1', {}, t('inbox.title')),
      h('p', { class: 'subtitle' }, t('inbox.subtitle', { role: t(`role.${role}`), country: countryLabel(country) })),
      toolbar(() => renderInbox().catch(failure)),
      items.length === 0
        ? h('p', { class: 'empty', dataset: { testid: 'inbox-empty' } }, t('inbox.empty'))
        : table([t('col.case'), t('col.stage'), t('col.route'), t('col.waitingOn'), t('col.deadline'), t('col.actions')], rows, { dataset: { testid: 'inbox-table' } }),
    ),
  );
}

function toolbar(refresh, ...extra) {
  return h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: refresh }, t('refresh')), ...extra);
}

async function renderOverdue() {
  loading();
  const data = await api('/monitor/overdue');
  const cases = data.cases ?? [];
  const rows = cases.map((c) =>
    h(
      'tr',
      { dataset: { testid: 'overdue-row', caseId: c.caseId } },
      h('td', {}, caseLink(c.caseId)),
      h('td', {}, stageLabel(c.stage)),
      h('td', {}, routeOf(c)),
      h('td', {}, c.overdue ? h('span', { class: 'badge overdue' }, t('clock.status.overdue')) : ''),
      h('td', {}, countdown(c.nextDeadline)),
      h('td', {}, countdown(c.nextLegalDeadline)),
      h('td', {}, waitingBadges(c.waitingOn)),
    ),
  );
  render(
    h(
      'section',
      { class: 'card' },
      h('h1', {}, t('overdue.title')),
      h('p', { class: 'subtitle' }, t('overdue.subtitle', { days: data.horizonDays ?? '' })),
      toolbar(() => renderOverdue().catch(failure)),
      cases.length === 0
        ? h('p', { class: 'empty' }, t('overdue.empty'))
        : table([t('col.case'), t('col.stage'), t('col.route'), t('col.overdue'), t('col.deadline'), t('col.legalDeadline'), t('col.waitingOn')], rows, {
            dataset: { testid: 'overdue-table' },
          }),
    ),
  );
}

async function renderSummary(periodDays = 30) {
  loading();
  const from = new Date(Date.now() - periodDays * 86400 * 1000).toISOString();
  const data = await api(`/monitor/summary?closedSince=${encodeURIComponent(from)}`);
  const countries = data.countries ?? [];
  const stageRows = (data.byStage ?? []).map((row) =>
    h(
      'tr',
      {},
      h('th', {}, stageLabel(row.stage)),
      countries.map((country) => h('td', { class: 'num' }, String(row.byCountry?.[country] ?? 0))),
      h('td', { class: 'num' }, String(row.total)),
      h('td', { class: 'num' }, String(row.overdue ?? 0)),
    ),
  );
  const outcomeRows = (data.outcomes ?? []).map((o) => h('tr', {}, h('th', {}, t(`outcome.${o.outcome}`)), h('td', { class: 'num' }, String(o.count))));
  const period = h('input', { type: 'number', min: 1, max: 3650, value: periodDays, class: 'period' });
  render(
    h(
      'section',
      { class: 'card' },
      h('h1', {}, t('summary.title')),
      h('p', { class: 'subtitle' }, t('summary.subtitle', { country: countryLabel(state.claims.country) })),
      toolbar(
        () => renderSummary(Number(period.value) || 30).catch(failure),
        h('label', {}, t('summary.periodDays'), ' ', period),
      ),
      h('h2', {}, t('summary.byStage')),
      table(
        [t('col.stage'), ...countries.map((c) => ({ label: c, num: true })), { label: t('summary.total'), num: true }, { label: t('summary.overdue'), num: true }],
        stageRows,
        { dataset: { testid: 'summary-stages' } },
      ),
    ),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('summary.outcomes', { from: formatTime(data.closedSince) })),
        table([t('col.outcome'), { label: t('col.count'), num: true }], outcomeRows),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('summary.legalReleases')),
        h('p', { class: 'num', dataset: { testid: 'legal-releases' } }, String(data.legalClockReleases?.total ?? 0)),
      ),
    ),
  );
}

async function renderCase(caseId) {
  loading();
  let view;
  try {
    view = await api(`/cases/${encodeURIComponent(caseId)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      render(h('div', { class: 'card' }, h('p', { class: 'error', dataset: { testid: 'case-not-found' } }, t('case.notFound'))));
      return;
    }
    throw err;
  }
  const timeline = await api(`/cases/${encodeURIComponent(caseId)}/timeline`).catch(() => ({ events: [] }));
  const me = state.claims;
  const myPending = view.approvals.find((a) => a.country === me.country && a.status === 'pending');
  const canDecide = me.role === 'supervisor' && view.stage === 'approvals' && myPending;

  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('case.person')),
    h('dd', {}, view.person?.fullName ?? '—'),
    h('dt', {}, t('case.track')),
    h('dd', {}, t(`track.${view.track}`)),
    h('dt', {}, t('case.stage')),
    h('dd', { dataset: { testid: 'case-stage', stage: view.stage } }, stageLabel(view.stage)),
    view.outcome ? [h('dt', {}, t('case.outcome')), h('dd', { dataset: { testid: 'case-outcome' } }, t(`outcome.${view.outcome}`))] : [],
    h('dt', {}, t('case.custodial')),
    h('dd', {}, countryLabel(view.custodialCountry)),
    h('dt', {}, t('case.receiving')),
    h('dd', {}, countryLabel(view.receivingCountry)),
    view.transitCountries.length ? [h('dt', {}, t('case.transit')), h('dd', {}, view.transitCountries.map(countryLabel).join(', '))] : [],
    view.operationId ? [h('dt', {}, t('case.operation')), h('dd', {}, h('a', { href: `#/operations/${encodeURIComponent(view.operationId)}` }, view.operationId))] : [],
    h('dt', {}, t('case.registeredAt')),
    h('dd', {}, formatTime(view.registeredAt)),
    view.closedAt ? [h('dt', {}, t('case.closedAt')), h('dd', {}, formatTime(view.closedAt))] : [],
    h('dt', {}, t('case.waitingOn')),
    h(
      'dd',
      {},
      view.waitingOn.map((w) => h('span', { class: 'badge' }, waitingLabel(w.kind === 'person' ? `${w.role}:${w.country}` : w.kind === 'timer' ? `timer:${w.clock}` : `activity:${w.activity}`))),
    ),
  );

  const clocks = table(
    [t('col.clock'), t('col.status'), t('col.remaining'), t('col.consequence')],
    view.clocks.map((c) =>
      h(
        'tr',
        { dataset: { testid: 'clock-row', clock: c.name } },
        h('td', {}, c.name, ' ', h('span', { class: 'badge' }, t(`clock.kind.${c.kind}`))),
        h('td', {}, h('span', { class: `badge ${c.status}` }, t(`clock.status.${c.status}`))),
        h('td', {}, c.status === 'running' || c.status === 'overdue' ? countdown(c.deadline) : formatTime(c.deadline)),
        h('td', {}, c.consequence, c.legalBasis ? h('div', { class: 'subtitle' }, c.legalBasis) : ''),
      ),
    ),
  );

  const approvals = view.approvals.length
    ? table(
        [t('col.country'), t('col.slot'), t('col.status'), t('col.by'), t('col.at')],
        view.approvals.map((a) =>
          h(
            'tr',
            { dataset: { testid: 'approval-row', country: a.country, status: a.status } },
            h('td', {}, countryLabel(a.country)),
            h('td', {}, t(`slot.${a.slot}`)),
            h('td', {}, h('span', { class: `badge ${a.status}` }, t(`approval.${a.status}`)), a.reason ? h('div', {}, a.reason) : ''),
            h('td', { class: 'mono' }, a.by ?? ''),
            h('td', {}, formatTime(a.at)),
          ),
        ),
      )
    : h('p', { class: 'empty' }, t('case.noApprovals'));

  const events = table(
    [t('col.at'), t('col.event'), t('col.stage'), t('col.actor'), t('col.detail')],
    (timeline.events ?? []).map((e) =>
      h(
        'tr',
        { dataset: { testid: 'timeline-row' } },
        h('td', {}, formatTime(e.at)),
        h('td', { class: 'mono' }, e.action),
        h('td', {}, stageLabel(e.stage)),
        h('td', { class: 'mono' }, e.actor, e.actorCountry ? ` (${e.actorCountry})` : ''),
        h('td', {}, e.detail ?? '', e.legalBasis ? h('div', { class: 'subtitle' }, e.legalBasis) : ''),
      ),
    ),
  );

  const custody = view.custodyEvents.length
    ? table(
        [t('col.event'), t('col.country'), t('col.at'), t('col.by')],
        view.custodyEvents.map((e) => h('tr', {}, h('td', { class: 'mono' }, e.event), h('td', {}, countryLabel(e.country)), h('td', {}, formatTime(e.at)), h('td', { class: 'mono' }, e.by))),
      )
    : null;

  render(
    h(
      'section',
      { class: 'card', dataset: { testid: 'case-detail', caseId: view.caseId } },
      h('p', {}, h('a', { href: '#/inbox' }, `← ${t('case.back')}`)),
      h('h1', {}, t('case.title', { caseId: view.caseId })),
      view.hold ? h('p', { class: 'error' }, t('case.hold', { since: formatTime(view.hold.since), reason: view.hold.reason })) : '',
      view.overdue ? h('p', {}, h('span', { class: 'badge overdue' }, t('case.overdueFlag'))) : '',
      toolbar(() => renderCase(caseId).catch(failure)),
      facts,
    ),
    canDecide
      ? h('section', { class: 'card' }, h('h2', {}, t('case.yourApproval')), approvalControls(view.caseId, () => renderCase(caseId).catch(failure)))
      : '',
    h('div', { class: 'grid' }, h('section', { class: 'card' }, h('h2', {}, t('case.clocks')), clocks), h('section', { class: 'card' }, h('h2', {}, t('case.approvals')), approvals)),
    custody ? h('section', { class: 'card' }, h('h2', {}, t('case.custody')), custody) : '',
    h('section', { class: 'card' }, h('h2', {}, t('case.timeline')), events),
  );
}

/** The operations of the caller's country, newest first, each a link to its board. */
async function renderOperationList(container) {
  container.replaceChildren(h('p', { class: 'empty' }, t('loading')));
  try {
    const { operations } = await api('/operations?pageSize=50');
    if (operations.length === 0) {
      container.replaceChildren(h('p', { class: 'empty', dataset: { testid: 'operation-list-empty' } }, t('operations.none')));
      return;
    }
    const rows = operations.map((op) =>
      h(
        'tr',
        { dataset: { testid: 'operation-row' } },
        h('td', {}, h('a', { href: `#/operations/${encodeURIComponent(op.operationId)}` }, op.operationId)),
        h('td', {}, [op.custodialCountry, ...op.transitCountries, op.receivingCountry].map(countryLabel).join(' → ')),
        h('td', {}, op.status),
        h('td', {}, formatTime(op.createdAt)),
      ),
    );
    container.replaceChildren(
      h(
        'table',
        { dataset: { testid: 'operation-list' } },
        h('thead', {}, h('tr', {}, h('th', {}, t('operations.id')), h('th', {}, t('operations.route')), h('th', {}, t('operations.status')), h('th', {}, t('operations.created')))),
        h('tbody', {}, rows),
      ),
    );
  } catch (err) {
    // An older server without GET /operations: the id form still works.
    container.replaceChildren(h('p', { class: 'empty' }, err instanceof Error ? err.message : String(err)));
  }
}

/** The operation board: readiness, roll-up of outcomes, flights and the first page of the manifest. */
async function renderOperations(operationId, reread = false) {
  const input = h('input', { name: 'operation', value: operationId ?? '', size: 40, placeholder: 'operation-MM-20250220-ABCDEFGH', dataset: { testid: 'operation-input' } });
  const result = h('div', { dataset: { testid: 'operation-result' } });
  const form = h(
    'form',
    {
      class: 'toolbar',
      onsubmit: (event) => {
        event.preventDefault();
        if (input.value.trim()) location.hash = `#/operations/${encodeURIComponent(input.value.trim())}`;
      },
    },
    h('label', {}, t('operations.id'), ' ', input),
    h('button', { type: 'submit', class: 'primary' }, t('operations.show')),
  );
  render(h('section', { class: 'card' }, h('h1', {}, t('operations.title')), h('p', { class: 'subtitle' }, t('operations.help')), form, result));
  if (!operationId) {
    await renderOperationList(result);
    return;
  }
  result.replaceChildren(h('p', { class: 'empty' }, t('loading')));
  try {
    // refresh=true makes the operation re-read every open case of its manifest first (on request only).
    const op = await api(`/operations/${encodeURIComponent(operationId)}?limit=200${reread ? '&refresh=true' : ''}`);
    result.replaceChildren(
      toolbar(() => renderOperations(operationId, true).catch(failure), h('span', { class: 'subtitle' }, t('operations.asOf', { time: formatTime(op.readiness.asOf) }))),
      operationBoard(op),
    );
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      // The router's own 404 ("No route ...") means this server has no operations API.
      const noApi = err.status === 404 && /^No route /.test(err.problem?.detail ?? '');
      result.replaceChildren(h('p', { class: 'empty', dataset: { testid: 'operation-missing' } }, t(noApi ? 'operations.notAvailable' : 'operations.notFound')));
      return;
    }
    result.replaceChildren(h('p', { class: 'error' }, errorMessage(err)));
  }
}

function countTable(rows) {
  return table(
    [t('col.status'), { label: t('col.count'), num: true }],
    rows.map(([label, n]) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, String(n)))),
  );
}

function operationBoard(op) {
  const d = op.details;
  const r = op.readiness;
  const u = op.rollUp;
  const entries = op.manifest?.entries ?? [];
  return h(
    'div',
    { dataset: { testid: 'operation-board' } },
    h('h2', {}, d.name, ' ', h('span', { class: 'badge' }, op.status)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('col.route')),
      h('dd', {}, routeOf(d)),
      h('dt', {}, t('operations.handoverPoint')),
      h('dd', {}, `${d.handoverPoint} · ${d.transport}`),
      h('dt', {}, t('operations.window')),
      h('dd', {}, `${formatTime(d.window.start)} – ${formatTime(d.window.end)}`),
      h('dt', {}, t('operations.people')),
      h('dd', { dataset: { testid: 'operation-total' } }, String(u.total)),
    ),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        {},
        h('h2', {}, t('operations.readiness')),
        countTable([
          [t('manifest.blocked'), r.blocked],
          [t('manifest.ready'), r.ready],
          [t('manifest.scheduled'), r.scheduled],
          [t('manifest.in-transfer'), r.inTransfer],
          [t('manifest.closed'), r.closed],
        ]),
        r.blockedOn.length ? h('ul', {}, r.blockedOn.map((b) => h('li', {}, `${b.reason}: ${b.count}`))) : '',
      ),
      h(
        'section',
        {},
        h('h2', {}, t('operations.rollUp')),
        countTable([
          [t('outcome.handed-over'), u.handedOver],
          [t('outcome.referred-as-victim'), u.referredAsVictim],
          [t('outcome.referred-to-embassy'), u.referredToEmbassy],
          [t('operations.released'), u.released],
          [t('outcome.refused'), u.refused],
          [t('outcome.withdrawn'), u.withdrawn],
          [t('operations.pending'), u.pending],
        ]),
      ),
    ),
    op.flights.length
      ? h(
          'section',
          {},
          h('h2', {}, t('operations.flights')),
          table(
            [t('operations.flight'), t('col.deadline'), { label: t('operations.seats'), num: true }, t('col.event')],
            op.flights.map((f) =>
              h('tr', {}, h('td', { class: 'mono' }, f.flightId), h('td', {}, formatTime(f.departure)), h('td', { class: 'num' }, `${f.seats}/${f.capacity}`), h('td', { class: 'mono' }, f.events.map((e) => `${e.event} (${e.country})`).join(', '))),
            ),
          ),
        )
      : '',
    h(
      'section',
      {},
      h('h2', {}, t('operations.manifest')),
      table(
        [t('col.case'), t('col.status'), t('col.stage'), t('col.outcome'), t('col.detail')],
        entries.map((e) =>
          h(
            'tr',
            { dataset: { testid: 'manifest-row' } },
            h('td', {}, caseLink(e.caseId)),
            h('td', {}, h('span', { class: 'badge' }, t(`manifest.${e.status}`))),
            h('td', {}, e.stage ? stageLabel(e.stage) : ''),
            h('td', {}, e.outcome ? t(`outcome.${e.outcome}`) : ''),
            h('td', {}, [e.blockedOn, e.flightId, e.exception, e.leftOut].filter(Boolean).join(' · ')),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Routing (#/inbox, #/overdue, #/summary, #/operations[/id], #/case/<id>)
// ---------------------------------------------------------------------------------------------

async function route() {
  if (!state.claims) {
    renderSignIn();
    return;
  }
  const [, name = 'inbox', arg] = location.hash.split('/');
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.route === name);
  try {
    if (name === 'case' && arg) await renderCase(decodeURIComponent(arg));
    else if (name === 'overdue') await renderOverdue();
    else if (name === 'summary') await renderSummary();
    else if (name === 'operations') await renderOperations(arg ? decodeURIComponent(arg) : undefined);
    else await renderInbox();
  } catch (err) {
    failure(err);
  }
}

async function start() {
  const languages = await loadJson('/ui/i18n/languages.json');
  state.languages = languages.languages.filter((l) => l.ready);
  state.fallback = await loadJson(`/ui/i18n/${languages.fallback}.json`);
  const wanted = sessionStorage.getItem(LANG_KEY) ?? (navigator.language ?? 'en').slice(0, 2);
  const initial = state.languages.some((l) => l.code === wanted) ? wanted : languages.fallback;
  await loadLanguage(initial);

  const select = document.getElementById('lang-select');
  select.replaceChildren(...state.languages.map((l) => h('option', { value: l.code, selected: l.code === state.lang }, l.name)));
  select.addEventListener('change', async () => {
    await loadLanguage(select.value);
    translateStatic();
    updateSession();
    await route();
  });
  document.getElementById('signout').addEventListener('click', () => signOut());

  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token ? decodeClaims(token) : null;
  if (token && claims) {
    state.token = token;
    state.claims = claims;
  }
  translateStatic();
  updateSession();
  window.addEventListener('hashchange', () => void route());
  await route();
  document.body.dataset.ready = 'true';
}

start().catch((err) => {
  render(h('p', { class: 'error' }, String(err)));
});
