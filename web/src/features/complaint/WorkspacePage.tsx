// Complaint workspace: header (tracking number, state, classification, tier, deadlines), complainant (masked,
// reveal with a reason), content and demand, the classifier's suggestion, actions, timeline and internal notes.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useApi } from '../../api/hooks.ts';
import type { Complaint, TimelineEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useRouter } from '../../lib/router.tsx';
import { useSession } from '../../app/session.tsx';
import { fmtAmount, fmtDateTime } from '../../lib/format.ts';
import { DueCell, ErrorResult, Section, StateTag } from '../../ui/tags.tsx';
import { useCodeTable, useOrgUnits } from '../../ui/reference.ts';
import { ActionBar, type PendingAction } from './ActionBar.tsx';
import { ComplainantPanel } from './ComplainantPanel.tsx';
import { DeadlinesPanel } from './DeadlinesPanel.tsx';
import { SuggestionPanel } from './SuggestionPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { RecordPanel } from './RecordPanel.tsx';
import { offeredActions } from './actions.ts';

export default function WorkspacePage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
  const { t, te, lang } = useI18n();
  const { navigate } = useRouter();
  const { can, me } = useSession();
  const loaded = useApi<Complaint>(`/complaints/${id}`);
  const timeline = useApi<{ items: TimelineEntry[] }>(loaded.data ? `/complaints/${id}/timeline` : null);
  const [complaint, setComplaint] = useState<Complaint | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const units = useOrgUnits();
  const codes = useCodeTable();

  useEffect(() => {
    if (loaded.data) setComplaint(loaded.data);
  }, [loaded.data]);

  const onDone = useCallback(
    (c: Complaint) => {
      setComplaint(c);
      timeline.reload();
    },
    [timeline],
  );

  if (loaded.error) return <ErrorResult error={loaded.error} notFoundTitle={t('workspace.notFound')} />;
  if (!complaint) return <Skeleton active paragraph={{ rows: 10 }} />;
  const c = complaint;
  const unitName = (uid: string | null) => {
    if (!uid) return '—';
    const u = units.find((x) => x.id === uid);
    return u ? (lang === 'en' && u.nameEn ? u.nameEn : u.name) : t('workspace.otherUnit');
  };
  const code = (axis: 'channel' | 'business' | 'reason', v: string | null) => {
    if (!v) return null;
    const e = codes?.[axis].find((x) => x.code === v);
    return <Tag key={axis}>{e ? `${v} ${lang === 'en' ? e.en : e.zh}` : v}</Tag>;
  };
  const current = c.deadlines.filter((d) => !d.metAt).sort((a, b) => a.effectiveDue.localeCompare(b.effectiveDue))[0] ?? null;
  const decide = c.deadlines.find((d) => d.step === 'decide');
  const canClassify = offeredActions(c, (p) => can(p)).includes('classifyComplaint');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap align="center">
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/app/queue')} aria-label={t('workspace.back')} />
            <Typography.Title level={3} style={{ margin: 0 }} copyable={{ text: c.trackingNo }} data-testid="tracking-no">
              {c.trackingNo}
            </Typography.Title>
            <StateTag state={c.state} />
            {c.category ? <Tag color="geekblue">{te('category', c.category)}</Tag> : null}
            <Tag>{t('complaint.tierN', { n: c.tier })}</Tag>
            <Tag>{te('complexity', c.complexity)}</Tag>
            {c.major ? <Tag color="red">{t('complaint.major')}</Tag> : null}
            {c.mass ? <Tag color="red">{t('complaint.mass')}</Tag> : null}
            {c.urgency !== 'normal' ? <Tag color="volcano">{te('urgency', c.urgency)}</Tag> : null}
            {c.extensionPending ? <Tag color="orange">{t('complaint.extensionPending')}</Tag> : null}
            {c.extensionLevel > 0 ? <Tag color="gold">{t('complaint.extended', { level: c.extensionLevel })}</Tag> : null}
          </Space>
          <Button icon={<ReloadOutlined />} onClick={loaded.reload}>
            {t('common.refresh')}
          </Button>
        </Space>
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'ch', label: t('field.channel'), children: te('channel', c.channel) },
            { key: 'rc', label: t('field.receivedAt'), children: fmtDateTime(c.receivedAt, lang) },
            { key: 'hu', label: t('field.handlingUnit'), children: unitName(c.handlingUnitId) },
            { key: 'h', label: t('field.handler'), children: c.handlerId ? (c.handlerId === me?.id ? t('workspace.me') : t('workspace.assigned')) : t('workspace.unassigned') },
            {
              key: 'codes',
              label: t('workspace.codes'),
              children: (
                <Space size={4} wrap>
                  {code('channel', c.channelCode)}
                  {code('business', c.businessCode)}
                  {code('reason', c.reasonCode)}
                  {!c.channelCode && !c.businessCode && !c.reasonCode ? '—' : null}
                </Space>
              ),
            },
            { key: 'due', label: t('workspace.nextDue'), children: <DueCell due={current} statutoryDue={decide?.statutoryDue ?? null} fallbackIso={c.effectiveDueAt} />, span: 2 },
            { key: 'sd', label: t('workspace.statutoryDecision'), children: fmtDateTime(decide?.statutoryDue ?? null, lang) },
            ...(c.referral ? [{ key: 'ref', label: t('field.referralSource'), children: `${te('referralSource', c.referral.source)} ${c.referral.ref ?? ''}` }] : []),
            ...(c.repeatOf ? [{ key: 'rep', label: t('workspace.repeatOf'), children: <a href={`/app/complaints/${c.repeatOf}`}>{t('workspace.openEarlier')}</a> }] : []),
            ...(c.missing.length ? [{ key: 'mis', label: t('intake.missing'), children: c.missing.map((m) => te('completeness', m)).join(lang === 'en' ? ', ' : '、') }] : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('workspace.actions')}>
        <ActionBar complaint={c} onDone={onDone} pending={pending} setPending={setPending} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Section title={t('field.content')}>
              <Typography.Paragraph className="kesu-pre" data-testid="content">
                {c.content || '—'}
              </Typography.Paragraph>
            </Section>
            <Section title={t('field.demand')}>
              <Typography.Paragraph className="kesu-pre">{c.demand || '—'}</Typography.Paragraph>
            </Section>
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: 'a', label: t('field.amount'), children: fmtAmount(c.amount, lang) },
                { key: 'p', label: t('field.productName'), children: c.productName ?? '—' },
              ]}
            />
          </Card>
          <Card size="small" title={t('workspace.suggestion')} style={{ marginBottom: 16 }}>
            <SuggestionPanel complaint={c} canClassify={canClassify} onClassify={(initial) => setPending({ command: 'classifyComplaint', ...(initial ? { initial } : {}) })} />
          </Card>
          {c.decision || c.satisfaction || c.review ? (
            <Card size="small" title={t('workspace.records')} style={{ marginBottom: 16 }}>
              <RecordPanel complaint={c} />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('workspace.complainant')} style={{ marginBottom: 16 }}>
            <ComplainantPanel complaint={c} onRevealed={timeline.reload} />
          </Card>
          <Card size="small" title={t('workspace.timeline')} style={{ marginBottom: 16 }}>
            {timeline.error ? <Alert type="error" title={timeline.error.message} /> : <TimelinePanel items={timeline.data?.items ?? []} />}
          </Card>
          <Card size="small" title={t('workspace.notes')}>
            <NotesPanel complaintId={c.id} onAdded={timeline.reload} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('workspace.deadlines')}>
        <DeadlinesPanel deadlines={c.deadlines} />
      </Card>
    </Space>
  );
}
