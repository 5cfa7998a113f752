import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { preloadPage } from './app/routes';
import { isApiProblem } from './http/problem';
import { initI18n } from './i18n';
import { PersonLanguage } from './i18n/PersonLanguage';
import { authSessionQuery } from './session/useSession';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal (4xx) will not change by asking again; an outage (503) or a network error may.
      retry: (failures, err) => failures < 2 && !(isApiProblem(err) && err.status < 500),
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

// The catalogues, the caller's identity and the page's code load side by side, not one after another.
const opened = preloadPage(window.location.pathname);
void queryClient.prefetchQuery(authSessionQuery);

// The first render waits for the opened page's code too, so it shows the page instead of a fallback.
void Promise.all([initI18n(opened ? [opened.namespace] : []), opened?.loading]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <PersonLanguage />
        <BrowserRouter>
          <Suspense fallback={<p className="loading">…</p>}>
            <App />
          </Suspense>
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
});
