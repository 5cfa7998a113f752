import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionExpiredDialog } from '../session/SessionExpiredDialog';
import { SignedInPage } from '../session/SignedInPage';
import { SignInPage } from '../session/SignInPage';
import { useAuthSession } from '../session/useSession';
import { Header } from './Header';
import { homeOf } from './home';
import {
  CasePage,
  CasesPage,
  ImportPage,
  InboxPage,
  NewOperationPage,
  OperationPage,
  OperationsPage,
  OverduePage,
  RegisterPage,
  SummaryPage,
} from './routes';

export function App() {
  const { t } = useTranslation();
  const auth = useAuthSession();
  const { pathname } = useLocation();
  // The small window of a repeated sign-in: it reports back and closes, whoever is signed in.
  if (pathname === '/signed-in') return <SignedInPage />;
  if (auth.isPending) return <p className="loading" role="status">{t('loading')}</p>;
  if (auth.isError) return <SignInPage unavailable />;
  const me = auth.data.me;
  if (!auth.data.signedIn || !me) return <SignInPage auth={auth.data} />;
  return (
    <>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <Header me={me} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading" role="status">{t('loading')}</p>}>
          <Routes>
            <Route path="/" element={<Navigate to={homeOf(me.role)} replace />} />
            <Route path="/signin" element={<Navigate to={homeOf(me.role)} replace />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/:caseId" element={<CasePage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/overdue" element={<OverduePage />} />
            <Route path="/summary" element={<SummaryPage />} />
            <Route path="/operations" element={<OperationsPage />} />
            <Route path="/operations/new" element={<NewOperationPage />} />
            <Route path="/operations/:operationId" element={<OperationPage />} />
            <Route path="*" element={<p data-testid="page-not-found">{t('pageNotFound')}</p>} />
          </Routes>
        </Suspense>
      </main>
      <SessionExpiredDialog />
    </>
  );
}
