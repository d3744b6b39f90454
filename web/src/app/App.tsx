// The console shell: sign-in gate, layout with a menu filtered by permission, and code-split routes.
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { App as AntApp, ConfigProvider, Layout, Menu, Result, Segmented, Space, Spin, Button, Typography } from 'antd';
import { AlertOutlined, BarChartOutlined, FormOutlined, LogoutOutlined, SettingOutlined, UnorderedListOutlined } from '@ant-design/icons';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { useI18n, type Lang, type MessageKey } from '../i18n/index.tsx';
import { matchPath, useRouter } from '../lib/router.tsx';
import { useSession } from './session.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { NoticeBell } from '../features/inbox/NoticeBell.tsx';
import { usePrefersReducedMotion } from '../ui/motion.ts';

interface RouteDef {
  key: string;
  pattern: string;
  /** Any one of these grants the route … */
  perms: string[];
  /** … and all of these are needed too. */
  also?: string[];
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
  menu?: { label: MessageKey; icon: ComponentType };
}

const loadQueue = () => import('../features/queue/QueuePage.tsx');
const loadWorkspace = () => import('../features/complaint/WorkspacePage.tsx');
// Fetch the chunk of the page being opened while the session is checked, not after.
if (/^\/app\/complaints\/[0-9a-f-]{36}$/.test(window.location.pathname)) void loadWorkspace();
else if (/^\/(app\/?(queue)?)?$/.test(window.location.pathname)) void loadQueue();

const ROUTES: RouteDef[] = [
  { key: 'queue', pattern: '/app/queue', perms: ['complaint:read'], page: lazy(loadQueue), menu: { label: 'nav.queue', icon: UnorderedListOutlined } },
  { key: 'new', pattern: '/app/complaints/new', perms: ['complaint:create'], page: lazy(() => import('../features/intake/NewComplaintPage.tsx')), menu: { label: 'nav.new', icon: FormOutlined } },
  { key: 'complaint', pattern: '/app/complaints/:id', perms: ['complaint:read'], page: lazy(loadWorkspace) },
  { key: 'supervision', pattern: '/app/supervision', perms: ['complaint:assign', 'extension:approve'], page: lazy(() => import('../features/supervision/SupervisionPage.tsx')), menu: { label: 'nav.supervision', icon: AlertOutlined } },
  { key: 'dashboard', pattern: '/app/dashboard', perms: ['report:read'], also: ['complaint:read'], page: lazy(() => import('../features/dashboard/DashboardPage.tsx')), menu: { label: 'nav.dashboard', icon: BarChartOutlined } },
  { key: 'warning', pattern: '/app/warnings/:id', perms: ['report:read'], page: lazy(() => import('../features/inbox/WarningPage.tsx')) },
  { key: 'admin', pattern: '/app/admin', perms: ['user:manage', 'org:manage', 'apikey:manage', 'audit:read', 'policy:manage', 'calendar:manage', 'codetable:manage', 'template:manage', 'model:manage', 'notification:manage'], page: lazy(() => import('../features/admin/AdminPage.tsx')), menu: { label: 'nav.admin', icon: SettingOutlined } },
];

const ANTD_LOCALES = { 'zh-CN': zhCNLocale, en: enUSLocale } as const;

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={(v) => setLang(v)}
      options={[
        { value: 'zh-CN', label: t('lang.zh') },
        { value: 'en', label: t('lang.en') },
      ]}
      aria-label={t('lang.switch')}
    />
  );
}

function Shell() {
  const { t, te } = useI18n();
  const { path, navigate } = useRouter();
  const { me, can, signOut } = useSession();
  const permits = (r: RouteDef) => can(...r.perms) && (r.also ?? []).every((p) => can(p));
  const allowed = ROUTES.filter(permits);
  const home = allowed.find((r) => r.menu)?.pattern ?? null;

  useEffect(() => {
    if ((path === '/' || path === '/app' || path === '/app/') && home) navigate(home, { replace: true });
  }, [path, home, navigate]);

  let active: { route: RouteDef; params: Record<string, string> } | null = null;
  for (const r of ROUTES) {
    const params = matchPath(r.pattern, path);
    if (params) {
      active = { route: r, params };
      break;
    }
  }
  const Page = active?.route.page;
  const permitted = active ? permits(active.route) : false;
  const selected = active?.route.key === 'complaint' ? 'queue' : active?.route.key === 'warning' ? 'dashboard' : active?.route.key;

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200}>
        <div className="kesu-brand">{t('app.title')}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          onClick={(e) => navigate(ROUTES.find((r) => r.key === e.key)!.pattern)}
          items={allowed.filter((r) => r.menu).map((r) => {
            const Icon = r.menu!.icon;
            return { key: r.key, icon: <Icon />, label: t(r.menu!.label) };
          })}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="kesu-header">
          <Space>
            <Typography.Text strong data-testid="current-user">{me?.displayName}</Typography.Text>
            <Typography.Text type="secondary">{me?.roles.map((r) => te('role', r)).join(' · ')}</Typography.Text>
          </Space>
          <NoticeBell />
          <LangSwitch />
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
            {t('auth.signOut')}
          </Button>
        </Layout.Header>
        <Layout.Content className="kesu-content">
          <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}>
            {Page && permitted ? (
              <Page key={active!.route.key === 'complaint' || active!.route.key === 'warning' ? active!.params.id : active!.route.key} params={active!.params} />
            ) : active && !permitted ? (
              <Result status="403" title={t('common.noAccess')} />
            ) : ['/', '/app', '/app/'].includes(path) ? null : (
              <Result status="404" title={t('common.pageNotFound')} />
            )}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const { lang, t } = useI18n();
  const { state } = useSession();
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t]);
  return (
    <ConfigProvider locale={ANTD_LOCALES[lang]} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 4, motion: !reducedMotion } }} button={{ autoInsertSpace: false }}>
      <AntApp style={{ height: '100%' }}>
        {state.status === 'loading' ? (
          <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />
        ) : state.status === 'ready' ? (
          <Shell />
        ) : (
          <SignInPage initialStep={state.status === 'mfa' ? state.step : 'password'} notice={state.status === 'signedOut' ? state.reason : undefined} extra={<LangSwitch />} />
        )}
      </AntApp>
    </ConfigProvider>
  );
}
