// The customer portal shell: header with the language switch, a tiny path router, the three pages.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { I18nContext, initialLang, saveLang, translate, type I18n, type Lang } from './i18n/index.ts';
import { SubmitPage } from './pages/SubmitPage.tsx';
import { TrackPage } from './pages/TrackPage.tsx';
import { ComplaintPage } from './pages/ComplaintPage.tsx';

type Route = 'submit' | 'track' | 'complaint';
const PATHS: Record<Route, string> = { submit: '/portal', track: '/portal/track', complaint: '/portal/complaint' };

function routeOf(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '');
  if (p === PATHS.track) return 'track';
  if (p === PATHS.complaint) return 'complaint';
  return 'submit';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  const [trackingNo, setTrackingNo] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: (key, params) => translate(lang, key, params),
      setLang: (l) => {
        saveLang(l);
        setLangState(l);
      },
    }),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('app.title');
  }, [lang, i18n]);

  useEffect(() => {
    const onPop = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback((r: Route) => {
    if (window.location.pathname !== PATHS[r]) window.history.pushState(null, '', PATHS[r]);
    setRoute(r);
    window.scrollTo(0, 0);
  }, []);

  const onSignedOut = useCallback(
    (message: string | null) => {
      setNotice(message);
      go('track');
    },
    [go],
  );

  const { t } = i18n;
  const navLink = (r: Route, label: string) => (
    <a
      href={PATHS[r]}
      aria-current={route === r || (r === 'track' && route === 'complaint') ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        setNotice(null);
        go(r);
      }}
    >
      {label}
    </a>
  );

  return (
    <I18nContext.Provider value={i18n}>
      <header className="top">
        <div className="top-inner">
          <div>
            <h1>{t('app.title')}</h1>
            <p className="tagline">{t('app.tagline')}</p>
          </div>
          <button type="button" className="lang" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t('app.langSwitchLabel')} onClick={() => i18n.setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('app.langSwitch')}
          </button>
        </div>
        <nav aria-label={t('nav.main')}>
          {navLink('submit', t('nav.submit'))}
          {navLink('track', t('nav.track'))}
        </nav>
      </header>
      <main>
        {route === 'submit' ? (
          <SubmitPage
            onTrack={(no) => {
              setTrackingNo(no);
              setNotice(null);
              go('track');
            }}
          />
        ) : route === 'track' ? (
          <TrackPage key={trackingNo} initialTrackingNo={trackingNo} notice={notice} onSignedIn={() => { setNotice(null); go('complaint'); }} />
        ) : (
          <ComplaintPage onSignedOut={onSignedOut} />
        )}
      </main>
      <footer>
        <p>{t('app.footer')}</p>
      </footer>
    </I18nContext.Provider>
  );
}
