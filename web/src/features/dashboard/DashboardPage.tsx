// Dashboard: the server's metrics (/analytics/summary, /series, /breakdown) when that API is there; otherwise
// simple counts over the complaints the user can see, computed in the browser from /console/queue pages.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Space, Spin, Statistic, Typography } from 'antd';
import { api, errorText, qs } from '../../api/client.ts';
import type { Page, QueueItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CATEGORY_VALUES, CHANNEL_VALUES } from '../../lib/domain.ts';
import { TIME_ZONE } from '../../lib/format.ts';
import { Chart } from './Chart.tsx';
import { AnalyticsDashboard, useAnalyticsAvailable } from './AnalyticsDashboard.tsx';

const MAX_ITEMS = 1000;
const CLOSED = ['closed', 'archived', 'merged'];

async function loadAll(): Promise<{ items: QueueItem[]; truncated: boolean }> {
  const items: QueueItem[] = [];
  let cursor: string | null = null;
  do {
    const p: Page<QueueItem> = await api.get(`/console/queue${qs({ limit: 200, cursor })}`);
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor && items.length < MAX_ITEMS);
  return { items, truncated: cursor !== null };
}

const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export default function DashboardPage() {
  const available = useAnalyticsAvailable();
  if (available === null) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  return available ? <AnalyticsDashboard /> : <QueueCountsDashboard />;
}

function QueueCountsDashboard() {
  const { t, te } = useI18n();
  const [data, setData] = useState<{ items: QueueItem[]; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadAll()
      .then(setData)
      .catch((e: unknown) => setError(errorText(e)));
  }, []);

  const stats = useMemo(() => {
    if (!data) return null;
    const open = data.items.filter((i) => !CLOSED.includes(i.state));
    const count = <K extends string>(xs: QueueItem[], key: (i: QueueItem) => K | null) => {
      const m = new Map<string, number>();
      for (const x of xs) {
        const k = key(x) ?? 'none';
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    const byState = count(open, (i) => i.state);
    const byCategory = count(data.items, (i) => i.category);
    const byChannel = count(data.items, (i) => i.channel);
    const byDue = count(open, (i) => i.next?.status ?? (i.breached ? 'breached' : 'ok'));
    const days: string[] = [];
    const now = Date.now();
    for (let d = 29; d >= 0; d--) days.push(dayKey.format(new Date(now - d * 86_400_000)));
    const perDay = count(data.items, (i) => dayKey.format(new Date(i.receivedAt)));
    return { open, byState, byCategory, byChannel, byDue, days, perDay };
  }, [data]);

  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('dashboard.basis', { n: data?.items.length ?? 0 })} description={data?.truncated ? t('dashboard.truncated', { n: MAX_ITEMS }) : undefined} />
      <Row gutter={16}>
        {[
          ['dashboard.total', data?.items.length],
          ['dashboard.open', stats?.open.length],
          ['dashboard.atRisk', stats?.byDue.get('at_risk') ?? 0],
          ['dashboard.breached', stats?.byDue.get('breached') ?? 0],
        ].map(([k, v]) => (
          <Col xs={12} lg={6} key={k as string}>
            <Card size="small" loading={!stats}>
              <Statistic title={t(k as 'dashboard.total')} value={(v as number | undefined) ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      {stats ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('dashboard.byState')}>
              <Chart
                testId="chart-state"
                option={{
                  tooltip: {},
                  grid: { left: 40, right: 16, top: 16, bottom: 60 },
                  xAxis: { type: 'category', data: [...stats.byState.keys()].map((s) => te('state', s)), axisLabel: { rotate: 30 } },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [{ type: 'bar', data: [...stats.byState.values()], itemStyle: { color: '#1668dc' } }],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('dashboard.byDue')}>
              <Chart
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [
                    {
                      type: 'pie',
                      radius: ['40%', '70%'],
                      data: ['ok', 'at_risk', 'breached'].map((s) => ({ name: te('dueStatus', s), value: stats.byDue.get(s) ?? 0, itemStyle: { color: s === 'ok' ? '#1668dc' : s === 'at_risk' ? '#fa8c16' : '#cf1322' } })),
                    },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('dashboard.byCategory')}>
              <Chart
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [{ type: 'pie', radius: '65%', data: [...CATEGORY_VALUES, 'none'].filter((c) => stats.byCategory.get(c)).map((c) => ({ name: c === 'none' ? t('dashboard.unclassified') : te('category', c), value: stats.byCategory.get(c) })) }],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('dashboard.byChannel')}>
              <Chart
                option={{
                  tooltip: {},
                  grid: { left: 40, right: 16, top: 16, bottom: 40 },
                  xAxis: { type: 'category', data: CHANNEL_VALUES.map((c) => te('channel', c)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [{ type: 'bar', data: CHANNEL_VALUES.map((c) => stats.byChannel.get(c) ?? 0), itemStyle: { color: '#13a8a8' } }],
                }}
              />
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('dashboard.perDay')}>
              <Chart
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 40, right: 16, top: 16, bottom: 40 },
                  xAxis: { type: 'category', data: stats.days.map((d) => d.slice(5)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [{ type: 'line', smooth: true, areaStyle: {}, data: stats.days.map((d) => stats.perDay.get(d) ?? 0) }],
                }}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </Space>
  );
}
