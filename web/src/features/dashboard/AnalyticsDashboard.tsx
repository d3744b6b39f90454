// The dashboard on the server's metrics: headline figures with their targets, daily trend, and breakdowns by
// category, channel and org unit, for a period in Asia/Shanghai days. Metric names come from the server.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { api, ApiError, qs } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import { useI18n, type Lang } from '../../i18n/index.tsx';
import { fmtDateTime, TIME_ZONE } from '../../lib/format.ts';
import { Chart } from './Chart.tsx';

interface MetricView {
  id: string;
  zh: string;
  en: string;
  value: number | null;
  target: number | null;
  meetsTarget: boolean | null;
}
interface Summary {
  from: string;
  to: string;
  asOf: string | null;
  metrics: MetricView[];
}
interface Series {
  buckets: Array<{ bucket: string; label: string; values: Record<string, number | null> }>;
}
interface Breakdown {
  rows: Array<{ key: string; zh: string; en: string; values: Record<string, number | null> }>;
}

const HEADLINE = ['received', 'closed', 'open', 'dec_statutory_rate', 'dec_policy_rate', 'resolution_rate', 'satisfaction_rate', 'statutory_breaches'];
const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** null while checking; true when /analytics/summary answers (the analytics routes are installed). */
export function useAnalyticsAvailable(): boolean | null {
  const [ok, setOk] = useState<boolean | null>(null);
  useEffect(() => {
    const today = day.format(new Date());
    api
      .get(`/analytics/summary${qs({ from: today, to: today, metrics: 'received' })}`)
      .then(() => setOk(true))
      .catch((e: unknown) => setOk(!(e instanceof ApiError && (e.status === 404 || e.status === 403))));
  }, []);
  return ok;
}

function formatMetric(id: string, v: number | null, lang: Lang): string {
  if (v === null) return '—';
  const nf = (d: number) => new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: d, minimumFractionDigits: d });
  if (id.endsWith('_rate')) return `${nf(1).format(v * 100)}%`;
  if (id.endsWith('_avg')) return nf(2).format(v);
  if (id.startsWith('per_')) return nf(2).format(v);
  return nf(0).format(v);
}

export function AnalyticsDashboard() {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(30);
  const range = useMemo(() => {
    const now = Date.now();
    return { from: day.format(new Date(now - (days - 1) * 86_400_000)), to: day.format(new Date(now)) };
  }, [days]);
  const summary = useApi<Summary>(`/analytics/summary${qs({ ...range, metrics: HEADLINE.join(',') })}`);
  const series = useApi<Series>(`/analytics/series${qs({ ...range, granularity: 'day', metrics: 'received,closed' })}`);
  const byCategory = useApi<Breakdown>(`/analytics/breakdown${qs({ ...range, by: 'category', metrics: 'received' })}`);
  const byChannel = useApi<Breakdown>(`/analytics/breakdown${qs({ ...range, by: 'channel', metrics: 'received' })}`);
  const byUnit = useApi<Breakdown>(`/analytics/breakdown${qs({ ...range, by: 'unit', metrics: 'received,statutory_breaches' })}`);
  const label = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  const metricName = (id: string) => summary.data?.metrics.find((m) => m.id === id);
  const error = summary.error ?? series.error ?? byCategory.error ?? byChannel.error ?? byUnit.error;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Segmented<number>
          value={days}
          onChange={setDays}
          options={[7, 30, 90].map((n) => ({ value: n, label: t('dashboard.lastDays', { n }) }))}
        />
      </Space>
      <Typography.Text type="secondary">
        {t('dashboard.period', { from: range.from, to: range.to })}
        {summary.data?.asOf ? ` · ${t('dashboard.asOf', { at: fmtDateTime(summary.data.asOf, lang) })}` : ''}
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={error.message} /> : null}
      {summary.data && !summary.data.asOf ? <Alert type="info" showIcon title={t('dashboard.notRolledUp')} /> : null}
      <Row gutter={[16, 16]}>
        {HEADLINE.map((id) => {
          const m = summary.data?.metrics.find((x) => x.id === id);
          return (
            <Col xs={12} lg={6} key={id}>
              <Card size="small" loading={summary.loading && !summary.data} data-testid={`metric-${id}`}>
                <Statistic title={m ? label(m) : id} value={formatMetric(id, m?.value ?? null, lang)} />
                {m?.target !== null && m?.target !== undefined ? (
                  <Tag color={m.meetsTarget ? 'green' : m.meetsTarget === false ? 'red' : 'default'} style={{ marginTop: 4 }}>
                    {t('dashboard.target', { v: formatMetric(id, m.target, lang) })}
                  </Tag>
                ) : null}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card size="small" title={t('dashboard.trend')}>
            <Chart
              testId="chart-state"
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 40, right: 16, top: 16, bottom: 50 },
                xAxis: { type: 'category', data: (series.data?.buckets ?? []).map((b) => b.label) },
                yAxis: { type: 'value', minInterval: 1 },
                series: ['received', 'closed'].map((id) => ({
                  type: 'line',
                  smooth: true,
                  name: metricName(id) ? label(metricName(id)!) : id,
                  data: (series.data?.buckets ?? []).map((b) => b.values[id] ?? 0),
                })),
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
                series: [{ type: 'pie', radius: '65%', data: (byCategory.data?.rows ?? []).map((r) => ({ name: label(r), value: r.values.received ?? 0 })) }],
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
                xAxis: { type: 'category', data: (byChannel.data?.rows ?? []).map(label) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [{ type: 'bar', data: (byChannel.data?.rows ?? []).map((r) => r.values.received ?? 0), itemStyle: { color: '#13a8a8' } }],
              }}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('dashboard.byUnit')}>
            <Chart
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 40, right: 16, top: 16, bottom: 60 },
                xAxis: { type: 'category', data: (byUnit.data?.rows ?? []).map(label) },
                yAxis: { type: 'value', minInterval: 1 },
                series: ['received', 'statutory_breaches'].map((id) => ({
                  type: 'bar',
                  name: metricName(id) ? label(metricName(id)!) : id,
                  data: (byUnit.data?.rows ?? []).map((r) => r.values[id] ?? 0),
                })),
              }}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
