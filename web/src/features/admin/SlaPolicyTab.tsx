// The SLA policy in force, readable (each step's anchor, internal target and statutory limit), and its JSON
// editor: `PUT /sla-policy` validates it and names what is wrong; below it, the complaint handling rules.
import { useState } from 'react';
import { App, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { Duration, SlaPolicy, StepPolicy } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { AdminList, FormDialog, JsonField, parseJsonInput } from '../../ui/admin.tsx';
import { HandlingRulesCard } from './HandlingRulesCard.tsx';

type Row = StepPolicy & { step: string };

export function SlaPolicyTab({ editable }: { editable: boolean }) {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const policy = useApi<SlaPolicy>('/sla-policy');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const p = policy.data;

  const dur = (d: Duration) => t(`duration.${d.unit}`, { n: d.amount });
  const target = (s: StepPolicy) => {
    if (!s.target) return <Typography.Text type="secondary">{t('sla.noTarget')}</Typography.Text>;
    if ('unit' in s.target) return dur(s.target as Duration);
    const byComplexity = s.target as Record<string, Duration>;
    return (
      <Space orientation="vertical" size={0}>
        {Object.entries(byComplexity).map(([c, d]) => (
          <span key={c}>{t('sla.byComplexity', { complexity: te('complexity', c), target: dur(d) })}</span>
        ))}
      </Space>
    );
  };
  const statutory = (s: StepPolicy) => {
    const l = s.statutory;
    if (!l) return '—';
    const [a, b, c] = l.days;
    return (
      <Space orientation="vertical" size={0}>
        <span>{a === b && b === c ? t('sla.days', { n: a }) : t('sla.daysByExtension', { a, b, c })}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sla.from', { anchor: te('anchor', l.anchor) })}
        </Typography.Text>
        {Object.entries(l.byReferralSource ?? {}).map(([src, d]) => (
          <Typography.Text key={src} type="secondary" style={{ fontSize: 12 }}>
            {t('sla.referral', { source: src, a: d[0], b: d[1], c: d[2] })}
          </Typography.Text>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {lang === 'en' ? l.basis.en : l.basis.zh}
        </Typography.Text>
      </Space>
    );
  };

  const save = async () => {
    const body = parseJsonInput(text, t);
    await api.put('/sla-policy', body);
    message.success(t('common.saved'));
    policy.reload();
  };

  const yesNo = (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <AdminList<Row>
        toolbar={
          editable ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              disabled={!p}
              onClick={() => {
                setText(JSON.stringify(p, null, 2));
                setEditing(true);
              }}
              data-testid="sla-edit"
            >
              {t('sla.edit')}
            </Button>
          ) : null
        }
        error={policy.error}
        loading={policy.loading}
        rows={p ? Object.entries(p.steps).map(([step, s]) => ({ step, ...s })) : []}
        rowKey="step"
        testId="sla-table"
        columns={[
          { title: t('sla.step'), dataIndex: 'step', render: (v: string) => <strong>{te('step', v)}</strong> },
          { title: t('sla.anchor'), dataIndex: 'anchor', render: (v: string) => te('anchor', v) },
          { title: t('sla.target'), key: 'target', render: (_v, s) => target(s) },
          { title: t('sla.extendedTarget'), dataIndex: 'extendedTarget', render: (d: Duration | undefined) => (d ? dur(d) : '—') },
          { title: t('sla.statutory'), key: 'statutory', width: 340, render: (_v, s) => statutory(s) },
          { title: t('sla.pausable'), dataIndex: 'pausable', render: yesNo },
          { title: t('sla.referralApplies'), dataIndex: 'referralApplies', render: yesNo },
        ]}
      />
      {p ? (
        <Descriptions bordered size="small" column={1}>
          <Descriptions.Item label={t('sla.pausesStopStatutory')}>{yesNo(p.pausesStopStatutory)}</Descriptions.Item>
          <Descriptions.Item label={t('sla.statutoryRollOverHolidays')}>{yesNo(p.statutoryRollOverHolidays)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <HandlingRulesCard editable={editable} />
      <FormDialog open={editing} title={t('sla.edit')} onClose={() => setEditing(false)} onSubmit={save} width={820} testId="sla-dialog">
        <Typography.Paragraph type="secondary">{t('sla.editHelp')}</Typography.Paragraph>
        <JsonField value={text} onChange={setText} rows={22} testId="sla-json" />
      </FormDialog>
    </Space>
  );
}
