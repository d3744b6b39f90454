// One risk warning (where a risk-warning notice leads): indicator, scope, level, readings, due time, checklist.
// Read-only here; acknowledging and resolving stay with the analytics API (policy:manage).
import { Card, Descriptions, Spin, Tag, Typography } from 'antd';
import { CheckSquareOutlined, BorderOutlined } from '@ant-design/icons';
import { useApi } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { ErrorResult } from '../../ui/tags.tsx';

interface RiskWarning {
  id: string;
  indicatorCode: string;
  indicatorName: string;
  scopeType: string;
  scopeLabel: string;
  periodStart: string;
  periodEnd: string;
  level: string;
  observed: number;
  threshold: number;
  state: string;
  dueAt: string;
  raisedAt: string;
  checklist: Array<{ item: string; done: boolean }>;
  resolutionNote: string | null;
}

export default function WarningPage({ params }: { params: Record<string, string> }) {
  const { t, te, lang } = useI18n();
  const w = useApi<RiskWarning>(`/analytics/warnings/${encodeURIComponent(params.id ?? '')}`);
  if (w.error) return <ErrorResult error={w.error} />;
  if (!w.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const d = w.data;
  return (
    <Card title={t('riskWarning.title')} data-testid="risk-warning">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('riskWarning.indicator')}>
          {d.indicatorName} <Typography.Text type="secondary">({d.indicatorCode})</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.scope')}>{d.scopeLabel}</Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.level')}>
          <Tag color={d.level === 'alarm' ? 'red' : 'orange'}>{te('riskLevel', d.level)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.state')}>{te('warningState', d.state)}</Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.observed')}>{d.observed}</Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.threshold')}>{d.threshold}</Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.period')}>
          {d.periodStart} – {d.periodEnd}
        </Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.raised')}>{fmtDateTime(d.raisedAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('riskWarning.due')}>{fmtDateTime(d.dueAt, lang)}</Descriptions.Item>
        {d.checklist.length ? (
          <Descriptions.Item label={t('riskWarning.checklist')}>
            {d.checklist.map((c, i) => (
              <div key={i}>
                {c.done ? <CheckSquareOutlined /> : <BorderOutlined />} {c.item}
              </div>
            ))}
          </Descriptions.Item>
        ) : null}
        {d.resolutionNote ? (
          <Descriptions.Item label={t('riskWarning.resolution')}>
            <p className="kesu-pre">{d.resolutionNote}</p>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}
