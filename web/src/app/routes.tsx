/**
 * The workbench's pages, one folder each under pages/. Each is loaded when first opened, so the initial
 * JavaScript holds only the shell; the page of the address the tab opens on is fetched at start, beside
 * the catalogues and the caller's identity, instead of after them.
 */
import { lazy } from 'react';

/** One promise per page, shared by the start-up preload and the route, so the code is fetched once. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/** Each page with the catalogue it reads its texts from. */
const pages = {
  cases: { load: once(() => import('../pages/Cases')), namespace: 'cases' },
  case: { load: once(() => import('../pages/Case')), namespace: 'case' },
  register: { load: once(() => import('../pages/Register')), namespace: 'register' },
  import: { load: once(() => import('../pages/Import')), namespace: 'import' },
  inbox: { load: once(() => import('../pages/Inbox')), namespace: 'inbox' },
  overdue: { load: once(() => import('../pages/Overdue')), namespace: 'monitor' },
  summary: { load: once(() => import('../pages/Summary')), namespace: 'monitor' },
  operations: { load: once(() => import('../pages/Operations')), namespace: 'operations' },
  operation: { load: once(() => import('../pages/Operation')), namespace: 'operations' },
} as const;

export const CasesPage = lazy(pages.cases.load);
export const CasePage = lazy(pages.case.load);
export const RegisterPage = lazy(pages.register.load);
export const ImportPage = lazy(pages.import.load);
export const InboxPage = lazy(pages.inbox.load);
export const OverduePage = lazy(pages.overdue.load);
export const SummaryPage = lazy(pages.summary.load);
export const OperationsPage = lazy(pages.operations.load);
export const OperationPage = lazy(pages.operation.load);

/**
 * Starts loading the page of `pathname` (the module the route will render) and returns the catalogue
 * namespace it needs, for i18n to load at start with the shell's.
 */
export function preloadPage(pathname: string): string | undefined {
  const [first, second] = pathname.split('/').filter(Boolean);
  const page =
    first === 'cases' ? (second ? pages.case : pages.cases)
    : first === 'operations' ? (second ? pages.operation : pages.operations)
    : first && first in pages ? pages[first as keyof typeof pages]
    : undefined;
  void page?.load().catch(() => undefined);
  return page?.namespace;
}
