// Classifier model versions: the list with the version in use, uploading a model file, activating or deactivating
// one (confirmed), and how often people kept each version's suggestions (live agreement).
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Popconfirm, Progress, Select, Space, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { AgreementRow, ClassifierModel, ClassifierModels, ModelHead } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime, fmtInt } from '../../lib/format.ts';
import { AdminList, FormDialog, InputError, useAction } from '../../ui/admin.tsx';

const HEADS: ModelHead[] = ['bundle', 'category', 'reason', 'business'];

function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Held-out evaluation figures, whatever the model file carries: a number per key, or per head an object with an
 * `accuracy` (a bundle's cross-fitted figures); fractions as percentages.
 */
function heldOutParts(h: Record<string, unknown> | null): Array<[string, string]> {
  if (!h) return [];
  const show = (v: number) => (v > 0 && v <= 1 && !Number.isInteger(v) ? `${(v * 100).toFixed(1)}%` : String(v));
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(h)) {
    if (typeof v === 'number') out.push([k, show(v)]);
    else if (v && typeof v === 'object' && typeof (v as { accuracy?: unknown }).accuracy === 'number') out.push([k, show((v as { accuracy: number }).accuracy)]);
  }
  return out.slice(0, 6);
}

export function ModelsTab({ agreement }: { agreement: boolean }) {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const models = useApi<ClassifierModels>('/classifier/models');
  const agree = useApi<{ items: AgreementRow[] }>(agreement ? '/classifier/agreement' : null);
  const run = useAction();
  const [uploading, setUploading] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<{ head: ModelHead; name?: string }>();

  const upload = async () => {
    const v = await form.validateFields();
    if (!file) throw new InputError(t('models.noFile'));
    const q = new URLSearchParams({ head: v.head, ...(v.name?.trim() ? { name: v.name.trim() } : {}) });
    const r = await api.upload<ClassifierModel>(`/classifier/models?${q}`, file, 'application/json');
    message.success(t('models.uploaded', { version: r.version }));
    models.reload();
  };
  const toggle = (m: ClassifierModel) =>
    void run(() => api.post(`/classifier/models/${m.id}/${m.active ? 'deactivate' : 'activate'}`), m.active ? t('models.deactivated', { version: m.version }) : t('models.activated', { version: m.version })).then((ok) => {
      if (ok) {
        models.reload();
        agree.reload();
      }
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('models.activeVersion')}>
          <Typography.Text code data-testid="models-active-version">{models.data?.activeVersion ?? '—'}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <AdminList<ClassifierModel>
        toolbar={
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => {
              form.resetFields();
              setFile(null);
              setUploading(true);
            }}
          >
            {t('models.upload')}
          </Button>
        }
        error={models.error}
        loading={models.loading}
        rows={models.data?.items ?? []}
        rowKey="id"
        testId="models-table"
        columns={[
          { title: t('models.name'), dataIndex: 'name', render: (v: string, m) => <>{v}<div className="kesu-muted">{te('modelHead', m.head)}</div></> },
          { title: t('models.version'), dataIndex: 'version', render: (v: string, m) => <><Typography.Text code>{v}</Typography.Text><div className="kesu-muted"><Typography.Text copyable={{ text: m.sha256 }} style={{ fontSize: 12 }}>sha256 {m.sha256.slice(0, 12)}…</Typography.Text></div></> },
          { title: t('models.labels'), dataIndex: 'labels', render: (v: string[]) => <Typography.Text ellipsis={{ tooltip: v.join(', ') }} style={{ maxWidth: 220 }}>{t('models.labelCount', { n: v.length })}: {v.join(', ')}</Typography.Text> },
          { title: t('models.size'), dataIndex: 'sizeBytes', render: fmtSize },
          {
            title: t('models.heldOut'),
            dataIndex: 'heldOut',
            render: (h: Record<string, unknown> | null) => {
              const parts = heldOutParts(h);
              if (!parts.length) return '—';
              return (
                <Typography.Text title={JSON.stringify(h)} style={{ fontSize: 12 }}>
                  {parts.map(([k, v]) => `${k === 'accuracy' ? t('models.accuracy') : te('modelHead', k)} ${v}`).join(' · ')}
                </Typography.Text>
              );
            },
          },
          { title: t('models.uploadedAt'), dataIndex: 'uploadedAt', render: (v: string, m) => <>{fmtDateTime(v, lang)}<div className="kesu-muted">{m.uploadedByName ?? m.uploadedBy ?? '—'}</div></> },
          { title: t('admin.status'), dataIndex: 'active', render: (v: boolean, m) => (v ? <Tag color="green">{m.activatedAt ? t('models.inUse', { at: fmtDateTime(m.activatedAt, lang) }) : t('models.inUseShipped')}</Tag> : <Tag>{t('models.notInUse')}</Tag>) },
          {
            title: '',
            key: 'act',
            render: (_v, m) => (
              <Popconfirm title={m.active ? t('models.deactivateConfirm', { version: m.version }) : t('models.activateConfirm', { version: m.version })} onConfirm={() => toggle(m)} okText={t('common.ok')} cancelText={t('common.cancel')}>
                <Button size="small" danger={m.active}>
                  {m.active ? t('models.deactivate') : t('models.activate')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {agreement ? (
        <Card size="small" title={t('models.agreement')}>
          <AdminList<AgreementRow>
            toolbar={<Typography.Text type="secondary">{t('models.agreementHelp')}</Typography.Text>}
            error={agree.error}
            loading={agree.loading}
            rows={agree.data?.items ?? []}
            rowKey="modelVersion"
            columns={[
              { title: t('models.version'), dataIndex: 'modelVersion', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('models.decided'), dataIndex: 'decided', render: (v: number) => fmtInt(v, lang) },
              { title: t('models.auto'), dataIndex: 'auto', render: (v: number) => fmtInt(v, lang) },
              { title: t('models.human'), dataIndex: 'human', render: (v: number) => fmtInt(v, lang) },
              { title: t('models.agreed'), dataIndex: 'categoryAgreed', render: (v: number) => fmtInt(v, lang) },
              { title: t('models.overridden'), dataIndex: 'categoryOverridden', render: (v: number) => fmtInt(v, lang) },
              { title: t('models.agreementRate'), dataIndex: 'agreementRate', width: 200, render: (v: number | null) => (v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" />) },
            ]}
          />
        </Card>
      ) : null}
      <FormDialog open={uploading} title={t('models.upload')} onClose={() => setUploading(false)} onSubmit={upload} okText={t('models.uploadOk')} testId="models-dialog">
        <Form form={form} layout="vertical" initialValues={{ head: 'bundle' }}>
          <Form.Item name="head" label={t('models.head')} rules={[{ required: true, message: t('form.required') }]}>
            <Select options={HEADS.map((h) => ({ value: h, label: te('modelHead', h) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('models.name')} rules={[{ max: 200, message: t('form.tooLong', { n: 200 }) }]} extra={t('models.nameHelp')}>
            <Input />
          </Form.Item>
          <Form.Item label={t('models.file')} required>
            <input type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-label={t('models.file')} />
            {file ? <Typography.Text type="secondary"> {fmtSize(file.size)}</Typography.Text> : null}
          </Form.Item>
        </Form>
      </FormDialog>
    </Space>
  );
}
