// My queue: open complaints by effective due time, with filters and Chinese full-text search (q).
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Segmented, Select, Space, Typography, type InputRef } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { useRouter } from '../../lib/router.tsx';
import { useSession } from '../../app/session.tsx';
import { QueueTable } from './QueueTable.tsx';
import { useQueue } from './use-queue.ts';
import { CATEGORY_VALUES, CHANNEL_VALUES, STATE_VALUES } from '../../lib/domain.ts';

interface Filters {
  scope: 'all' | 'mine';
  states: string[];
  category?: string | undefined;
  channel?: string | undefined;
  tier?: number | undefined;
  atRisk: boolean;
  breached: boolean;
  includeClosed: boolean;
  q: string;
}

const STORAGE = 'kesu.queue.filters';

function initialFilters(): Filters {
  const dflt: Filters = { scope: 'all', states: [], atRisk: false, breached: false, includeClosed: false, q: '' };
  try {
    const s = sessionStorage.getItem(STORAGE);
    return s ? { ...dflt, ...(JSON.parse(s) as Partial<Filters>) } : dflt;
  } catch {
    return dflt;
  }
}

export default function QueuePage() {
  const { t, te } = useI18n();
  const { navigate } = useRouter();
  const { can } = useSession();
  const [f, setF] = useState<Filters>(initialFilters);
  const [text, setText] = useState(f.q);
  const search = useRef<InputRef>(null);

  useEffect(() => {
    try {
      sessionStorage.setItem(STORAGE, JSON.stringify(f));
    } catch {
      /* ignore */
    }
  }, [f]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === '/' && tag !== 'INPUT' && tag !== 'TEXTAREA') {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const q = useQueue({
    open: !f.includeClosed,
    mine: f.scope === 'mine',
    state: f.states.join(','),
    category: f.category,
    channel: f.channel,
    tier: f.tier,
    atRisk: f.atRisk,
    breached: f.breached,
    q: f.q.trim(),
  });
  const set = (p: Partial<Filters>) => setF((x) => ({ ...x, ...p }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('queue.title')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={q.reload}>
            {t('common.refresh')}
          </Button>
          {can('complaint:create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/app/complaints/new')}>
              {t('nav.new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Card size="small">
        <Space wrap size="middle">
          <Segmented
            value={f.scope}
            onChange={(v) => set({ scope: v as Filters['scope'] })}
            options={[
              { value: 'all', label: t('queue.scope.all') },
              { value: 'mine', label: t('queue.scope.mine') },
            ]}
          />
          <Input.Search
            ref={search}
            allowClear
            style={{ width: 260 }}
            placeholder={t('queue.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set({ q: v })}
            aria-label={t('queue.search')}
            data-testid="queue-search"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('queue.filter.state')}
            value={f.states}
            onChange={(v) => set({ states: v })}
            options={STATE_VALUES.map((s) => ({ value: s, label: te('state', s) }))}
            maxTagCount="responsive"
          />
          <Select allowClear style={{ width: 130 }} placeholder={t('queue.filter.category')} value={f.category} onChange={(v?: string) => set({ category: v })} options={CATEGORY_VALUES.map((c) => ({ value: c, label: te('category', c) }))} />
          <Select allowClear style={{ width: 130 }} placeholder={t('queue.filter.channel')} value={f.channel} onChange={(v?: string) => set({ channel: v })} options={CHANNEL_VALUES.map((c) => ({ value: c, label: te('channel', c) }))} />
          <Select allowClear style={{ width: 110 }} placeholder={t('queue.filter.tier')} value={f.tier} onChange={(v?: number) => set({ tier: v })} options={[1, 2, 3].map((n) => ({ value: n, label: t('complaint.tierN', { n }) }))} />
          <Checkbox checked={f.atRisk} onChange={(e) => set({ atRisk: e.target.checked })}>
            {t('queue.filter.atRisk')}
          </Checkbox>
          <Checkbox checked={f.breached} onChange={(e) => set({ breached: e.target.checked })}>
            {t('queue.filter.breached')}
          </Checkbox>
          <Checkbox checked={f.includeClosed} onChange={(e) => set({ includeClosed: e.target.checked })}>
            {t('queue.filter.includeClosed')}
          </Checkbox>
        </Space>
      </Card>
      {q.error ? <Alert type="error" showIcon title={q.error.message} role="alert" /> : null}
      <QueueTable items={q.items} loading={q.loading} hasMore={q.hasMore} onLoadMore={q.loadMore} />
      <Typography.Text type="secondary">
        {t('queue.keys.prefix')} <kbd className="kesu-kbd">J</kbd>/<kbd className="kesu-kbd">K</kbd> {t('queue.keys.move')} · <kbd className="kesu-kbd">Enter</kbd> {t('queue.keys.open')} · <kbd className="kesu-kbd">/</kbd> {t('queue.keys.search')}
      </Typography.Text>
    </Space>
  );
}
