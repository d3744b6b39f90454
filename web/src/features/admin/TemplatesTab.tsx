// Notification templates by kind (each: zh-CN and en, e-mail subject / text / HTML and SMS), edited as a new
// version with a preview on sample data — shown as text, the HTML body as its source, never rendered — and the
// notices that could not be delivered (dead letters), with resend.
import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Input, Popconfirm, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { DeadLetter, NotificationTemplate, TemplateContent, TemplateLocale, TemplatePreview, TemplateSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { useRouter } from '../../lib/router.tsx';
import { KIND_VARIABLES, VARIABLES } from '../../../../src/core/notify/variables.ts';
import type { TemplateKind } from '../../../../src/core/notify/types.ts';
import { AdminList, ErrorAlert, FormDialog, useAction } from '../../ui/admin.tsx';

const LOCALES: TemplateLocale[] = ['zh-CN', 'en'];
const FIELDS: Array<keyof TemplateContent> = ['subject', 'text', 'html', 'sms'];

/** One kind's template per locale and channel (loaded when its row is opened). */
function TemplateContents({ kind }: { kind: string }) {
  const { t } = useI18n();
  const tpl = useApi<NotificationTemplate>(`/notification-templates/${kind}`);
  if (tpl.error) return <ErrorAlert error={tpl.error} />;
  if (!tpl.data) return <Spin size="small" />;
  const rows = LOCALES.flatMap((locale) => [
    { key: `${locale}-email`, locale, channel: 'email', text: tpl.data!.locales[locale].subject },
    { key: `${locale}-sms`, locale, channel: 'sms', text: tpl.data!.locales[locale].sms },
  ]);
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        { title: t('templates.locale'), dataIndex: 'locale', width: 90, render: (v: string) => <Tag>{v}</Tag> },
        { title: t('templates.channel'), dataIndex: 'channel', width: 120, render: (v: string) => t(v === 'sms' ? 'templates.sms' : 'templates.emailSubject') },
        { title: t('templates.content'), dataIndex: 'text', render: (v: string) => <Typography.Text>{v}</Typography.Text> },
      ]}
    />
  );
}

function TemplateEditor({ kind, onClose, onSaved }: { kind: string | null; onClose(): void; onSaved(): void }) {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const loaded = useApi<NotificationTemplate>(kind ? `/notification-templates/${kind}` : null);
  const [draft, setDraft] = useState<NotificationTemplate | null>(null);
  const [locale, setLocale] = useState<TemplateLocale>('zh-CN');
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const tpl = draft ?? loaded.data ?? null;
  const content = tpl?.locales[locale];
  const vars = kind ? (KIND_VARIABLES[kind as TemplateKind] ?? []) : [];

  const set = (field: keyof TemplateContent, value: string) => {
    if (!tpl) return;
    setDraft({ ...tpl, locales: { ...tpl.locales, [locale]: { ...tpl.locales[locale], [field]: value } } });
  };
  const runPreview = async () => {
    if (!tpl || !kind) return;
    setPreviewing(true);
    setPreviewError(null);
    try {
      setPreview(await api.post<TemplatePreview>(`/notification-templates/${kind}/preview?locale=${locale}`, { template: tpl }));
    } catch (e) {
      setPreview(null);
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  };
  const save = async () => {
    if (!tpl || !kind) return;
    const r = await api.put<{ version: number }>(`/notification-templates/${kind}`, { template: tpl });
    message.success(t('templates.saved', { version: r.version }));
    onSaved();
  };
  const close = () => {
    setDraft(null);
    setPreview(null);
    setPreviewError(null);
    onClose();
  };

  return (
    <FormDialog open={!!kind} title={t('templates.edit', { kind: te('templateKind', kind) })} onClose={close} onSubmit={save} okText={t('templates.saveVersion')} width={1000} testId="template-dialog">
      {loaded.error ? <ErrorAlert error={loaded.error} /> : null}
      {!content ? (
        <Spin />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Segmented<TemplateLocale>
            value={locale}
            onChange={(v) => {
              setLocale(v);
              setPreview(null);
            }}
            options={LOCALES.map((l) => ({ value: l, label: t(l === 'en' ? 'lang.en' : 'lang.zh') }))}
          />
          {FIELDS.map((f) => (
            <div key={f}>
              <Typography.Text strong>{t(`templates.field.${f}`)}</Typography.Text>
              {f === 'subject' ? (
                <Input value={content[f]} onChange={(e) => set(f, e.target.value)} aria-label={t(`templates.field.${f}`)} />
              ) : (
                <Input.TextArea value={content[f]} onChange={(e) => set(f, e.target.value)} autoSize={{ minRows: f === 'sms' ? 2 : 4, maxRows: 12 }} spellCheck={false} aria-label={t(`templates.field.${f}`)} style={f === 'html' ? { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 } : undefined} />
              )}
            </div>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('templates.variables')}{' '}
            {vars.map((v) => (
              <Tag key={v} style={{ marginBottom: 4 }} title={VARIABLES[v].description[lang]}>{`{{${v}}}`}</Tag>
            ))}
          </Typography.Text>
          <Button icon={<EyeOutlined />} onClick={() => void runPreview()} loading={previewing} data-testid="template-preview">
            {t('templates.preview')}
          </Button>
          {previewError ? <ErrorAlert error={previewError} /> : null}
          {preview ? (
            <Card size="small" title={t('templates.previewTitle')} data-testid="template-preview-result">
              <Descriptions column={1} size="small" bordered>
                {preview.email ? (
                  <>
                    <Descriptions.Item label={t('templates.field.subject')}>{preview.email.subject}</Descriptions.Item>
                    <Descriptions.Item label={t('templates.field.text')}>
                      <pre className="kesu-pre" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{preview.email.text}</pre>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('templates.htmlSource')}>
                      <pre className="kesu-pre" style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12, maxHeight: 240, overflow: 'auto' }}>{preview.email.html}</pre>
                    </Descriptions.Item>
                  </>
                ) : null}
                {preview.sms ? (
                  <Descriptions.Item label={t('templates.field.sms')}>
                    {preview.sms.text}
                    <div>
                      <Tag>{t('templates.segments', { n: preview.sms.segments })}</Tag>
                    </div>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
          ) : null}
        </Space>
      )}
    </FormDialog>
  );
}

function DeadLetters() {
  const { t, te, lang } = useI18n();
  const { navigate } = useRouter();
  const list = useApi<{ items: DeadLetter[] }>('/notifications/dead-letters');
  const run = useAction();
  return (
    <Card size="small" title={t('templates.deadLetters')}>
      <AdminList<DeadLetter>
        error={list.error}
        loading={list.loading}
        rows={list.data?.items ?? []}
        rowKey="id"
        testId="dead-letters"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.noDeadLetters')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('templates.kind'), dataIndex: 'kind', render: (v: string) => te('templateKind', v) },
          { title: t('templates.channel'), dataIndex: 'channel', width: 90, render: (v: string) => te('channel', v) },
          { title: t('templates.complaint'), dataIndex: 'complaintId', render: (v: string | null) => (v ? <Typography.Link onClick={() => navigate(`/app/complaints/${v}`)}>{v.slice(0, 8)}</Typography.Link> : '—') },
          { title: t('templates.attempts'), dataIndex: 'attempts', width: 90 },
          { title: t('templates.lastError'), dataIndex: 'lastError', render: (v: string | null) => <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>{v ?? '—'}</Typography.Text> },
          { title: t('admin.created'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v, lang) },
          {
            title: '',
            key: 'act',
            width: 100,
            render: (_v, n) => (
              <Popconfirm title={t('templates.resendConfirm')} onConfirm={() => void run(() => api.post(`/notifications/${n.id}/resend`), t('templates.resent')).then((ok) => ok && list.reload())} okText={t('common.ok')} cancelText={t('common.cancel')}>
                <Button size="small">{t('templates.resend')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function TemplatesTab({ templates, deadLetters }: { templates: boolean; deadLetters: boolean }) {
  const { t, te, lang } = useI18n();
  const list = useApi<{ items: TemplateSummary[] }>(templates ? '/notification-templates' : null);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      {templates ? (
        <AdminList<TemplateSummary>
          toolbar={<Typography.Text type="secondary">{t('templates.help')}</Typography.Text>}
          error={list.error}
          loading={list.loading}
          rows={list.data?.items ?? []}
          rowKey="kind"
          testId="templates-table"
          expandable={{ expandedRowRender: (r) => <TemplateContents kind={r.kind} /> }}
          columns={[
            { title: t('templates.kind'), dataIndex: 'kind', render: (v: string) => <strong>{te('templateKind', v)}</strong> },
            { title: t('templates.activeVersion'), dataIndex: 'activeVersion', render: (v: number) => (v ? t('templates.versionN', { n: v }) : <Tag>{t('templates.builtIn')}</Tag>) },
            { title: t('templates.versions'), dataIndex: 'versions', render: (v: TemplateSummary['versions']) => v.length },
            { title: t('templates.changedAt'), key: 'at', render: (_v, r) => fmtDateTime(r.versions[0]?.createdAt ?? null, lang) },
            { title: '', key: 'act', width: 90, render: (_v, r) => <Button size="small" onClick={() => setEditing(r.kind)}>{t('common.edit')}</Button> },
          ]}
        />
      ) : null}
      {deadLetters ? <DeadLetters /> : null}
      <TemplateEditor kind={editing} onClose={() => setEditing(null)} onSaved={() => list.reload()} />
    </Space>
  );
}
