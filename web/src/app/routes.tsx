/**
 * The workbench's pages, one folder each under pages/. Each is loaded when first opened, so the initial
 * JavaScript holds only the shell.
 */
import { lazy } from 'react';

export const CasesPage = lazy(() => import('../pages/Cases'));
export const CasePage = lazy(() => import('../pages/Case'));
export const RegisterPage = lazy(() => import('../pages/Register'));
export const ImportPage = lazy(() => import('../pages/Import'));
export const InboxPage = lazy(() => import('../pages/Inbox'));
export const OverduePage = lazy(() => import('../pages/Overdue'));
export const SummaryPage = lazy(() => import('../pages/Summary'));
export const OperationsPage = lazy(() => import('../pages/Operations'));
export const OperationPage = lazy(() => import('../pages/Operation'));
