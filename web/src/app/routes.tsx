/**
 * The workbench's pages, one folder each under pages/. Each is loaded when first opened, so the initial
 * JavaScript holds only the shell; the page of the address the tab opens on is fetched at start, beside
 * the catalogues and the caller's identity, instead of after them.
 */
import { lazy, type ComponentType } from 'react';

/**
 * A page loaded once, shared by the start-up preload and the route. Once its module is in, the route
 * renders it directly instead of through React.lazy: a lazy component suspends on its first render even
 * when its code is already there, and React holds back revealing suspended content for a moment.
 */
function page(load: () => Promise<{ default: ComponentType }>, namespace: string) {
  let loaded: ComponentType | undefined;
  let loading: Promise<{ default: ComponentType }> | undefined;
  const loadOnce = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    }));
  const Lazy = lazy(loadOnce);
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { load: loadOnce, Page, namespace };
}

/** Each page with the catalogue it reads its texts from. */
const pages = {
  cases: page(() => import('../pages/Cases'), 'cases'),
  case: page(() => import('../pages/Case'), 'case'),
  register: page(() => import('../pages/Register'), 'register'),
  import: page(() => import('../pages/Import'), 'import'),
  inbox: page(() => import('../pages/Inbox'), 'inbox'),
  overdue: page(() => import('../pages/Overdue'), 'monitor'),
  summary: page(() => import('../pages/Summary'), 'monitor'),
  operations: page(() => import('../pages/Operations'), 'operations'),
  operation: page(() => import('../pages/Operation'), 'operations'),
  newOperation: page(() => import('../pages/NewOperation'), 'operations'),
} as const;

export const CasesPage = pages.cases.Page;
export const CasePage = pages.case.Page;
export const RegisterPage = pages.register.Page;
export const ImportPage = pages.import.Page;
export const InboxPage = pages.inbox.Page;
export const OverduePage = pages.overdue.Page;
export const SummaryPage = pages.summary.Page;
export const OperationsPage = pages.operations.Page;
export const OperationPage = pages.operation.Page;
export const NewOperationPage = pages.newOperation.Page;

/**
 * Starts loading the page of `pathname` (the module the route will render); returns when it is in and
 * the catalogue namespace it needs, for i18n to load at start with the shell's.
 */
export function preloadPage(pathname: string): { loading: Promise<void>; namespace: string } | undefined {
  const [first, second] = pathname.split('/').filter(Boolean);
  const opened =
    first === 'cases' ? (second ? pages.case : pages.cases)
    : first === 'operations' ? (second === 'new' ? pages.newOperation : second ? pages.operation : pages.operations)
    : first && first in pages ? pages[first as keyof typeof pages]
    : undefined;
  return opened && { loading: opened.load().then(() => undefined, () => undefined), namespace: opened.namespace };
}
