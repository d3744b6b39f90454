// The audit trail viewer: newest first, filters, page by page, and the hash-chain check.
import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api, errorText, qs } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { AuditEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';

interface Filters {
  kind?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
}

export function AuditTab() {
  const { t, te, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [before, setBefore] = useState<number[]>([]);
  const page = useApi<{ items: AuditEntry[]; nextBefore: number | null }>(`/audit${qs({ ...filters, limit: 50, before: before[before.length - 1] })}`);
  const [verify, setVerify] = useState<{ ok: boolean; entries: number; streams: number } | string | null>(null);
  const [verifying, setVerifying] = useState(false);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.post<{ ok: boolean; entries: number; streams: number }>('/audit/verify'));
    } catch (e) {
      setVerify(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form
        layout="inline"
        onFinish={(v: Filters) => {
          const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string' && x.trim()).map(([k, x]) => [k, (x as string).trim()]));
          setBefore([]);
          setFilters(clean);
        }}
      >
        <Form.Item name="kind" label={t('audit.kind')} rules={[{ pattern: /^[A-Z_]{2,60}$/, message: t('audit.kindRule') }]}>
          <Input placeholder="CUSTOMER_PII_VIEWED" style={{ width: 210 }} data-testid="audit-kind" />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actorId')}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="audit-search">
          {t('audit.search')}
        </Button>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void runVerify()} loading={verifying} style={{ marginLeft: 8 }}>
          {t('audit.verify')}
        </Button>
      </Form>
      {verify !== null ? (
        typeof verify === 'string' ? (
          <Alert type="error" showIcon title={verify} />
        ) : (
          <Alert type={verify.ok ? 'success' : 'error'} showIcon title={verify.ok ? t('audit.verifyOk', { entries: verify.entries, streams: verify.streams }) : t('audit.verifyBroken')} />
        )
      ) : null}
      {page.error ? <Alert type="error" showIcon title={page.error.message} /> : null}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={page.loading}
        dataSource={page.data?.items ?? []}
        pagination={false}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (e) => <pre className="kesu-pre" style={{ fontSize: 12 }}>{JSON.stringify({ data: e.data, requestId: e.requestId, ip: e.ip, authMethod: e.authMethod, hash: e.hash }, null, 2)}</pre> }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('audit.time'), dataIndex: 'occurredAt', width: 150, render: (v: string) => fmtDateTime(v, lang) },
          { title: t('audit.kind'), dataIndex: 'kind', render: (v: string) => <Tag color={v.includes('PII') ? 'orange' : v.includes('FAILED') ? 'red' : 'default'}>{v}</Tag> },
          { title: t('audit.actor'), dataIndex: 'actorId', render: (v: string | null, e) => <>{te('actorType', e.actorType)}<div className="kesu-muted">{v ?? '—'}</div></> },
          { title: t('audit.entity'), dataIndex: 'entityType', render: (v: string, e) => <>{v}<div className="kesu-muted">{e.entityId ?? '—'}</div></> },
          { title: t('audit.summary'), key: 'data', render: (_v, e) => <Typography.Text ellipsis style={{ maxWidth: 320 }}>{summary(e.data)}</Typography.Text> },
        ]}
      />
      <Space>
        <Button disabled={!before.length} onClick={() => setBefore((b) => b.slice(0, -1))}>
          {t('audit.newer')}
        </Button>
        <Button disabled={!page.data?.nextBefore} onClick={() => setBefore((b) => [...b, page.data!.nextBefore!])}>
          {t('audit.older')}
        </Button>
      </Space>
    </Space>
  );
}

function summary(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v))
    .slice(0, 4)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(' · ');
}
