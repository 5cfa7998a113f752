import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { SessionExpiredDialog } from '../session/SessionExpiredDialog';
import { SignInPage } from '../session/SignInPage';
import { useMe, useSessionState } from '../session/useSession';
import { Header } from './Header';
import { homeOf } from './home';
import {
  CasePage,
  CasesPage,
  ImportPage,
  InboxPage,
  OperationPage,
  OperationsPage,
  OverduePage,
  RegisterPage,
  SummaryPage,
} from './routes';

export function App() {
  const { t } = useTranslation();
  const { token } = useSessionState();
  const me = useMe();
  if (!token) return <SignInPage />;
  if (me.isError && !me.data) return <SignInPage failure={me.error} />;
  if (!me.data) return <p className="loading" role="status">{t('loading')}</p>;
  return (
    <>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <Header me={me.data} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading" role="status">{t('loading')}</p>}>
          <Routes>
            <Route path="/" element={<Navigate to={homeOf(me.data.role)} replace />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/:caseId" element={<CasePage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/overdue" element={<OverduePage />} />
            <Route path="/summary" element={<SummaryPage />} />
            <Route path="/operations" element={<OperationsPage />} />
            <Route path="/operations/:operationId" element={<OperationPage />} />
            <Route path="*" element={<p data-testid="page-not-found">{t('pageNotFound')}</p>} />
          </Routes>
        </Suspense>
      </main>
      <SessionExpiredDialog />
    </>
  );
}
