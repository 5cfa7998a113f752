/**
 * The workbench's pages, one folder each under pages/. Each is loaded when first opened, so the initial
 * JavaScript holds only the shell; the page of the address the tab opens on is fetched at start, beside
 * the catalogues and the caller's identity, instead of after them.
 */
import { lazy } from 'react';

const pages = {
  cases: () => import('../pages/Cases'),
  case: () => import('../pages/Case'),
  register: () => import('../pages/Register'),
  import: () => import('../pages/Import'),
  inbox: () => import('../pages/Inbox'),
  overdue: () => import('../pages/Overdue'),
  summary: () => import('../pages/Summary'),
  operations: () => import('../pages/Operations'),
  operation: () => import('../pages/Operation'),
};

export const CasesPage = lazy(pages.cases);
export const CasePage = lazy(pages.case);
export const RegisterPage = lazy(pages.register);
export const ImportPage = lazy(pages.import);
export const InboxPage = lazy(pages.inbox);
export const OverduePage = lazy(pages.overdue);
export const SummaryPage = lazy(pages.summary);
export const OperationsPage = lazy(pages.operations);
export const OperationPage = lazy(pages.operation);

/** Starts loading the page of `pathname` (the same module the route will render). */
export function preloadPage(pathname: string): void {
  const [first, second] = pathname.split('/').filter(Boolean);
  const load =
    first === 'cases' ? (second ? pages.case : pages.cases)
    : first === 'operations' ? (second ? pages.operation : pages.operations)
    : first && first in pages ? pages[first as keyof typeof pages]
    : undefined;
  void load?.().catch(() => undefined);
}
