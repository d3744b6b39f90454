// The bell in the console header: the number of unread notices (deadline warnings, escalations, risk warnings), polled
// every minute while the page is visible, and a list that opens from it. Clicking a notice marks it read and opens
// its complaint or risk warning. Titles and bodies are shown as text (React escapes them), never as markup.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Empty, Popover, Space, Spin, Switch, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api, errorText, qs } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useRouter } from '../../lib/router.tsx';
import { fmtDateTime } from '../../lib/format.ts';

export interface StaffNotice {
  id: string;
  kind: string;
  complaintId: string | null;
  warningId: string | null;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  createdAt: string;
  readAt: string | null;
}

interface NoticePage {
  items: StaffNotice[];
  unreadCount: number;
  nextCursor: string | null;
}

const POLL_MS = 60_000;
const PAGE = 20;

const KIND_COLOR: Record<string, string> = {
  sla_at_risk: 'orange',
  sla_breached: 'red',
  sla_statutory_near: 'volcano',
  risk_warning_raised: 'purple',
  risk_warning_escalated: 'magenta',
};

/** Where a notice leads: its complaint, else its risk warning. */
export function noticeTarget(n: Pick<StaffNotice, 'complaintId' | 'warningId'>): string | null {
  if (n.complaintId) return `/app/complaints/${n.complaintId}`;
  if (n.warningId) return `/app/warnings/${n.warningId}`;
  return null;
}

export function NoticeBell() {
  const { t, te, lang } = useI18n();
  const { navigate } = useRouter();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<StaffNotice[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const poll = useCallback(async () => {
    if (document.hidden) return;
    try {
      const p = await api.get<NoticePage>(`/me/notices${qs({ unread: true, limit: 1 })}`);
      setUnread(p.unreadCount);
    } catch {
      /* the next poll tries again; a lost session is handled by the API client */
    }
  }, []);

  useEffect(() => {
    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [poll]);

  const load = useCallback(async (more: string | null) => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const p = await api.get<NoticePage>(`/me/notices${qs({ unread: unreadOnly, limit: PAGE, cursor: more })}`);
      if (gen !== generation.current) return;
      setItems((prev) => (more ? [...prev, ...p.items] : p.items));
      setCursor(p.nextCursor);
      setUnread(p.unreadCount);
    } catch (e) {
      if (gen === generation.current) setError(errorText(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [unreadOnly]);

  useEffect(() => {
    if (open) void load(null);
  }, [open, load]);

  const openNotice = async (n: StaffNotice) => {
    if (!n.readAt) {
      try {
        const r = await api.post<StaffNotice & { unreadCount: number }>(`/me/notices/${n.id}/read`, {});
        setUnread(r.unreadCount);
        setItems((prev) => prev.map((x) => (x.id === n.id ? { ...x, readAt: r.readAt } : x)));
      } catch (e) {
        setError(errorText(e));
        return;
      }
    }
    const to = noticeTarget(n);
    if (to) {
      setOpen(false);
      navigate(to);
    }
  };

  const markAll = async () => {
    try {
      const r = await api.post<{ marked: number; unreadCount: number }>('/me/notices/read-all', {});
      setUnread(r.unreadCount);
      const now = new Date().toISOString();
      setItems((prev) => (unreadOnly ? [] : prev.map((x) => (x.readAt ? x : { ...x, readAt: now }))));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const content = (
    <div className="kesu-inbox" data-testid="notice-list">
      <div className="kesu-inbox-bar">
        <Space size="small">
          <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('inbox.unreadOnly')} />
          <Typography.Text type="secondary">{t('inbox.unreadOnly')}</Typography.Text>
        </Space>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void markAll()} data-testid="notice-read-all">
          {t('inbox.markAllRead')}
        </Button>
      </div>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      {items.length === 0 && !loading ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} /> : null}
      <div className="kesu-inbox-items">
        {items.map((n) => (
          <button
            type="button"
            key={n.id}
            className={n.readAt ? 'kesu-notice' : 'kesu-notice kesu-notice-unread'}
            onClick={() => void openNotice(n)}
            data-testid="notice-item"
          >
            <span className="kesu-notice-head">
              <Tag color={KIND_COLOR[n.kind] ?? 'default'}>{te('inboxKind', n.kind)}</Tag>
              <span className="kesu-muted">{fmtDateTime(n.createdAt, lang)}</span>
              {n.readAt ? null : <Badge status="processing" text={t('inbox.unread')} />}
            </span>
            <span className="kesu-notice-title">{lang === 'en' ? n.titleEn : n.titleZh}</span>
            <span className="kesu-notice-body">{lang === 'en' ? n.bodyEn : n.bodyZh}</span>
          </button>
        ))}
      </div>
      {loading ? <Spin size="small" style={{ display: 'block', margin: '8px auto' }} /> : null}
      {cursor && !loading ? (
        <Button block size="small" onClick={() => void load(cursor)}>
          {t('inbox.more')}
        </Button>
      ) : null}
    </div>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={t('inbox.title')} content={content} destroyOnHidden>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button type="text" icon={<BellOutlined />} aria-label={`${t('inbox.open')} (${unread})`} data-testid="notice-bell" />
      </Badge>
    </Popover>
  );
}
