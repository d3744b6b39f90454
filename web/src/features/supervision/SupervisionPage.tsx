// Supervision: at-risk and breached complaints, the extension-approval inbox, and open work by handler.
import { useState } from 'react';
import { Alert, App, Badge, Button, Form, Input, Modal, Progress, Radio, Space, Table, Tabs, Typography } from 'antd';
import { api, errorText } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { PendingExtension, WorkloadRow } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Link } from '../../lib/router.tsx';
import { useSession } from '../../app/session.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { StateTag, useRelative } from '../../ui/tags.tsx';
import { QueueTable } from '../queue/QueueTable.tsx';
import { useQueue } from '../queue/use-queue.ts';

function DueList({ kind }: { kind: 'atRisk' | 'breached' }) {
  const q = useQueue({ open: true, [kind]: true });
  return (
    <>
      {q.error ? <Alert type="error" showIcon title={q.error.message} /> : null}
      <QueueTable items={q.items} loading={q.loading} hasMore={q.hasMore} onLoadMore={q.loadMore} keyboard={false} testId={`supervision-${kind}`} />
    </>
  );
}

function Approvals({ onChanged }: { onChanged: () => void }) {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const rel = useRelative();
  const list = useApi<{ items: PendingExtension[] }>('/console/extension-approvals');
  const [target, setTarget] = useState<PendingExtension | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ approved: 'yes' | 'no'; note?: string }>();

  const decide = async () => {
    if (!target) return;
    let v: { approved: 'yes' | 'no'; note?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/complaints/${target.id}/extension/approval`, { approved: v.approved === 'yes', ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      message.success(v.approved === 'yes' ? t('approvals.approved', { no: target.trackingNo }) : t('approvals.rejected', { no: target.trackingNo }));
      setTarget(null);
      list.reload();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const open = (r: PendingExtension, approved: 'yes' | 'no') => {
    setError(null);
    form.setFieldsValue({ approved, note: '' });
    setTarget(r);
  };

  return (
    <>
      {list.error ? <Alert type="error" showIcon title={list.error.message} /> : null}
      <Table<PendingExtension>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="approvals"
        locale={{ emptyText: t('approvals.empty') }}
        columns={[
          { title: t('queue.col.trackingNo'), dataIndex: 'trackingNo', render: (v: string, r) => <Link to={`/app/complaints/${r.id}`}>{v}</Link> },
          { title: t('queue.col.state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
          { title: t('queue.col.category'), dataIndex: 'category', render: (v: string | null) => te('category', v) },
          { title: t('approvals.requestedBy'), dataIndex: 'requestedByName', render: (v: string | null, r) => <>{v ?? '—'}<div className="kesu-muted">{fmtDateTime(r.requestedAt, lang)}</div></> },
          { title: t('approvals.reason'), dataIndex: 'reason', render: (v: string) => <Typography.Paragraph className="kesu-pre" style={{ margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>{v}</Typography.Paragraph> },
          { title: t('queue.col.due'), dataIndex: 'effectiveDueAt', render: (v: string | null) => (v ? <>{fmtDateTime(v, lang)}<div className="kesu-muted">{rel(v)}</div></> : '—') },
          {
            title: t('approvals.decide'),
            key: 'act',
            render: (_v, r) => (
              <Space>
                <Button type="primary" size="small" onClick={() => open(r, 'yes')} data-testid="approval-approve">
                  {t('action.approve.yes')}
                </Button>
                <Button danger size="small" onClick={() => open(r, 'no')} data-testid="approval-reject">
                  {t('action.approve.no')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!target}
        title={target ? t('approvals.modalTitle', { no: target.trackingNo }) : ''}
        onCancel={() => setTarget(null)}
        onOk={() => void decide()}
        okText={t('action.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'approval-submit' } as never}
      >
        {target ? <Typography.Paragraph>{t('approvals.explain', { reason: target.reason })}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical">
          <Form.Item name="approved" label={t('field.approval')} rules={[{ required: true, message: t('form.required') }]}>
            <Radio.Group
              options={[
                { value: 'yes', label: t('action.approve.yes') },
                { value: 'no', label: t('action.approve.no') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('field.approvalNote')} rules={[{ max: 1000, message: t('form.tooLong', { n: 1000 }) }]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="approval-note" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      </Modal>
    </>
  );
}

function Workload() {
  const { t } = useI18n();
  const w = useApi<{ items: WorkloadRow[] }>('/console/workload');
  const rows = w.data?.items ?? [];
  const max = Math.max(1, ...rows.map((r) => r.open));
  return (
    <>
      {w.error ? <Alert type="error" showIcon title={w.error.message} /> : null}
      <Table<WorkloadRow>
        rowKey={(r) => r.handlerId ?? 'unassigned'}
        size="middle"
        loading={w.loading}
        dataSource={rows}
        pagination={false}
        data-testid="workload"
        columns={[
          { title: t('workload.handler'), dataIndex: 'displayName', render: (v: string | null, r) => (r.handlerId ? (v ?? '—') : <Typography.Text type="secondary">{t('workload.unassigned')}</Typography.Text>) },
          { title: t('workload.open'), dataIndex: 'open', width: 260, render: (v: number) => <Progress percent={Math.round((v / max) * 100)} format={() => String(v)} size="small" /> },
          { title: t('workload.atRisk'), dataIndex: 'atRisk', width: 120, render: (v: number) => <span className={v ? 'kesu-due-at_risk' : undefined}>{v}</span> },
          { title: t('workload.breached'), dataIndex: 'breached', width: 120, render: (v: number) => <span className={v ? 'kesu-due-breached' : undefined}>{v}</span> },
        ]}
      />
    </>
  );
}

export default function SupervisionPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [tab, setTab] = useState(() => (can('complaint:read') ? 'atRisk' : 'approvals'));
  const pending = useApi<{ items: PendingExtension[] }>(can('extension:approve') ? '/console/extension-approvals' : null);
  const items = [
    ...(can('complaint:read')
      ? [
          { key: 'atRisk', label: t('supervision.atRisk'), children: <DueList kind="atRisk" /> },
          { key: 'breached', label: t('supervision.breached'), children: <DueList kind="breached" /> },
        ]
      : []),
    ...(can('extension:approve')
      ? [{ key: 'approvals', label: <Badge count={pending.data?.items.length ?? 0} size="small" offset={[8, -2]}>{t('supervision.approvals')}</Badge>, children: <Approvals onChanged={pending.reload} /> }]
      : []),
    ...(can('complaint:assign') ? [{ key: 'workload', label: t('supervision.workload'), children: <Workload /> }] : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('supervision.title')}
      </Typography.Title>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </Space>
  );
}
