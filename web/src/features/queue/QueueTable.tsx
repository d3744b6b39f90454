// The complaint table shared by My queue and Supervision: sorted by effective due time (server order),
// both clocks and which binds, colour for at-risk / breached; j/k to move, Enter to open.
import { useEffect, useState } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../lib/router.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import type { QueueItem } from '../../api/types.ts';
import { DueCell, StateTag } from '../../ui/tags.tsx';

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || !!el.closest('.ant-select, .ant-modal, .ant-picker');
}

export function QueueTable({
  items,
  loading,
  hasMore,
  onLoadMore,
  keyboard = true,
  testId = 'queue-table',
}: {
  items: QueueItem[];
  loading: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  keyboard?: boolean;
  testId?: string;
}) {
  const { t, te, lang } = useI18n();
  const { navigate } = useRouter();
  const [sel, setSel] = useState(0);

  useEffect(() => {
    if (sel >= items.length) setSel(Math.max(0, items.length - 1));
  }, [items.length, sel]);

  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        setSel((s) => {
          const n = e.key === 'j' ? Math.min(items.length - 1, s + 1) : Math.max(0, s - 1);
          const id = items[n]?.id;
          if (id) document.querySelector(`tr[data-row-key="${id}"]`)?.scrollIntoView({ block: 'nearest' });
          return n;
        });
      } else if (e.key === 'Enter') {
        const it = items[sel];
        if (it) {
          e.preventDefault();
          navigate(`/app/complaints/${it.id}`);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, items, sel, navigate]);

  const columns: ColumnsType<QueueItem> = [
    {
      title: t('queue.col.trackingNo'),
      dataIndex: 'trackingNo',
      width: 190,
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/complaints/${r.id}`} data-testid="queue-link">
            {r.trackingNo}
          </Link>
          <Space size={4} wrap>
            {r.major ? <Tag color="red">{t('complaint.major')}</Tag> : null}
            {r.urgency !== 'normal' ? <Tag color="volcano">{te('urgency', r.urgency)}</Tag> : null}
          </Space>
        </Space>
      ),
    },
    { title: t('queue.col.state'), dataIndex: 'state', width: 110, render: (s: string) => <StateTag state={s} /> },
    {
      title: t('queue.col.category'),
      dataIndex: 'category',
      width: 120,
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          <span>{te('category', r.category)}</span>
          <span className="kesu-muted">
            {te('channel', r.channel)} · {t('complaint.tierN', { n: r.tier })}
          </span>
        </Space>
      ),
    },
    { title: t('queue.col.complainant'), dataIndex: 'complainantName', width: 90, render: (v: string | null) => v ?? '—' },
    { title: t('queue.col.summary'), dataIndex: 'summary', ellipsis: true, render: (v: string) => <Typography.Text>{v}</Typography.Text> },
    {
      title: t('queue.col.due'),
      key: 'due',
      width: 260,
      render: (_v, r) => <DueCell due={r.next} statutoryDue={r.statutoryDue} fallbackIso={r.effectiveDueAt} breached={r.breached} />,
    },
    { title: t('queue.col.received'), dataIndex: 'receivedAt', width: 140, render: (v: string) => fmtDateTime(v, lang) },
  ];

  return (
    <div data-testid={testId}>
      <Table<QueueItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        rowClassName={(_r, i) => (keyboard && i === sel ? 'kesu-row-selected' : '')}
        onRow={(r, i) => ({
          onClick: () => setSel(i ?? 0),
          onDoubleClick: () => navigate(`/app/complaints/${r.id}`),
          'aria-selected': keyboard && i === sel,
          'data-due-status': r.next?.status ?? (r.breached ? 'breached' : 'none'),
        })}
        locale={{ emptyText: t('queue.empty') }}
      />
      {hasMore ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={onLoadMore} loading={loading}>
            {t('queue.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
