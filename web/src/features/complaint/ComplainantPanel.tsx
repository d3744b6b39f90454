// The complainant, masked; Reveal asks for a reason and shows the full values (the server audits the view).
import { useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api/client.ts';
import type { Complaint } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';

type Field = 'name' | 'phone' | 'idNumber' | 'email' | 'customerNo';

export function ComplainantPanel({ complaint, onRevealed }: { complaint: Complaint; onRevealed: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Partial<Record<Field, string | null>> | null>(null);
  const [form] = Form.useForm<{ fields: Field[]; reason: string }>();
  const c = complaint.complainant;
  const available: Field[] = [
    ...(c.name ? (['name'] as const) : []),
    ...(c.phone ? (['phone'] as const) : []),
    ...(c.hasIdNumber ? (['idNumber'] as const) : []),
    ...(c.hasEmail ? (['email'] as const) : []),
    ...(c.hasCustomerNo ? (['customerNo'] as const) : []),
  ];

  const reveal = async () => {
    let v: { fields: Field[]; reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Partial<Record<Field, string | null>>>(`/complaints/${complaint.id}/pii/reveal`, { fields: v.fields, reason: v.reason.trim() });
      setRevealed(r);
      setOpen(false);
      onRevealed();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = (f: Field, masked: string | null, has: boolean) => {
    if (revealed && f in revealed) return <Typography.Text strong data-testid={`pii-${f}`}>{revealed[f] ?? '—'}</Typography.Text>;
    if (masked) return <span data-testid={`pii-${f}`}>{masked}</span>;
    return has ? <Tag>{t('pii.masked')}</Tag> : <span className="kesu-muted">—</span>;
  };

  return (
    <div data-testid="complainant-panel">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('field.name'), children: shown('name', c.name, !!c.name) },
          { key: 'phone', label: t('field.phone'), children: shown('phone', c.phone, !!c.phone) },
          { key: 'idNumber', label: t('field.idNumber'), children: shown('idNumber', null, c.hasIdNumber) },
          { key: 'email', label: t('field.email'), children: shown('email', null, c.hasEmail) },
          { key: 'customerNo', label: t('field.customerNo'), children: shown('customerNo', null, c.hasCustomerNo) },
          ...(complaint.complainantCount > 1 ? [{ key: 'count', label: t('field.complainantCount'), children: String(complaint.complainantCount) }] : []),
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        {revealed ? (
          <Button icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)}>
            {t('pii.hide')}
          </Button>
        ) : can('pii:reveal') && available.length ? (
          <Button
            icon={<EyeOutlined />}
            onClick={() => {
              setError(null);
              setOpen(true);
            }}
            data-testid="pii-reveal"
          >
            {t('pii.reveal')}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={open}
        title={t('pii.revealTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => void reveal()}
        okText={t('pii.revealConfirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'pii-reveal-confirm' } as never}
        // A fresh form on every open; a stray click beside the dialog must not throw away a typed reason.
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Alert type="warning" showIcon title={t('pii.revealWarning')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" initialValues={{ fields: available, reason: '' }}>
          <Form.Item name="fields" label={t('pii.fields')} rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}>
            <Checkbox.Group options={available.map((f) => ({ value: f, label: t(`field.${f}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('pii.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { min: 4, message: t('form.tooShort', { n: 4 }) }, { max: 500, message: t('form.tooLong', { n: 500 }) }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="pii-reason" placeholder={t('pii.reasonPlaceholder')} />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      </Modal>
    </div>
  );
}
