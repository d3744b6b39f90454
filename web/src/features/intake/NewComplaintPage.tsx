// New complaint: the intake form for phone and branch staff, validated while typed; an incomplete complaint
// can be registered (it is flagged and cannot be accepted until completed).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { api, ApiError } from '../../api/client.ts';
import type { Complaint } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useRouter } from '../../lib/router.tsx';
import { CHANNEL_VALUES } from '../../lib/domain.ts';
import { fromShanghaiLocalInput, shanghaiLocalInput } from '../../lib/format.ts';
import { useCodeTable, useOrgUnits } from '../../ui/reference.ts';
import { checkC3, checkEmail, checkIdNumber, checkPhone, missingParts, type Check } from './validation.ts';

interface IntakeForm {
  channel: string;
  receivedAt: string;
  complainant: { name?: string; idNumber?: string; phone?: string; email?: string; customerNo?: string };
  content?: string;
  demand?: string;
  amount?: number | null;
  orgUnitCode?: string;
  businessCode?: string;
  productName?: string;
  complainantCount?: number | null;
  referral?: { source?: string; ref?: string; dueAt?: string };
}

const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export default function NewComplaintPage() {
  const { t, te, lang } = useI18n();
  const { navigate } = useRouter();
  const { message } = App.useApp();
  const [form] = Form.useForm<IntakeForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const units = useOrgUnits();
  const codes = useCodeTable();
  const values = Form.useWatch([], form) as IntakeForm | undefined;
  const channel = Form.useWatch('channel', form);
  const missing = useMemo(() => missingParts(values ?? { complainant: {} }), [values]);

  const rule = (check: Check) => ({
    validator: (_: unknown, v: string | undefined) => {
      const k = check(v);
      return k ? Promise.reject(new Error(t(k))) : Promise.resolve();
    },
  });

  const submit = async (v: IntakeForm) => {
    setBusy(true);
    setError(null);
    const c = v.complainant ?? {};
    const body = {
      channel: v.channel,
      receivedAt: fromShanghaiLocalInput(v.receivedAt),
      complainant: Object.fromEntries(Object.entries({ name: trimmed(c.name), idNumber: trimmed(c.idNumber), phone: trimmed(c.phone), email: trimmed(c.email), customerNo: trimmed(c.customerNo) }).filter(([, x]) => x !== undefined)),
      ...(trimmed(v.content) ? { content: v.content!.trim() } : {}),
      ...(trimmed(v.demand) ? { demand: v.demand!.trim() } : {}),
      ...(typeof v.amount === 'number' ? { amount: v.amount } : {}),
      ...(v.orgUnitCode ? { orgUnitCode: v.orgUnitCode } : {}),
      ...(v.businessCode ? { businessCode: v.businessCode } : {}),
      ...(trimmed(v.productName) ? { productName: v.productName!.trim() } : {}),
      ...(typeof v.complainantCount === 'number' ? { complainantCount: v.complainantCount } : {}),
      ...(v.channel === 'regulator' && v.referral?.source && v.referral.ref
        ? { referral: { source: v.referral.source, ref: v.referral.ref.trim(), ...(v.referral.dueAt ? { dueAt: fromShanghaiLocalInput(v.referral.dueAt) } : {}) } }
        : {}),
    };
    try {
      const created = await api.post<Complaint>('/complaints', body, { headers: { 'idempotency-key': idempotencyKey } });
      message.success(t('intake.created', { no: created.trackingNo }));
      navigate(`/app/complaints/${created.id}`);
    } catch (e) {
      const err = e as ApiError;
      setError(err.message);
      const field = (err.details as { field?: unknown } | undefined)?.field;
      if (typeof field === 'string') form.setFields([{ name: field.split('.') as never, errors: [err.message] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('intake.title')}
      </Typography.Title>
      <Form<IntakeForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        validateTrigger={['onChange', 'onBlur']}
        initialValues={{ channel: 'phone', receivedAt: shanghaiLocalInput(), complainant: {}, complainantCount: 1 }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card title={t('intake.section.complaint')} size="small" style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="channel" label={t('field.channel')} rules={[{ required: true, message: t('form.required') }]}>
                    <Select options={CHANNEL_VALUES.map((c) => ({ value: c, label: te('channel', c) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="receivedAt" label={t('field.receivedAt')} rules={[{ required: true, message: t('form.required') }]} extra={t('intake.timeZoneHint')}>
                    <Input type="datetime-local" max={shanghaiLocalInput()} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="content" label={t('field.content')} rules={[rule(checkC3), { max: 5000, message: t('form.tooLong', { n: 5000 }) }]}>
                <Input.TextArea rows={5} showCount maxLength={5000} data-testid="intake-content" />
              </Form.Item>
              <Form.Item name="demand" label={t('field.demand')} rules={[rule(checkC3), { max: 2000, message: t('form.tooLong', { n: 2000 }) }]}>
                <Input.TextArea rows={2} showCount maxLength={2000} data-testid="intake-demand" />
              </Form.Item>
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="amount" label={t('field.amount')}>
                    <InputNumber<number> min={0} max={1e12} precision={2} prefix="¥" style={{ width: '100%' }} formatter={(v) => (v === undefined || v === null || v === ('' as never) ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','))} parser={(v) => Number((v ?? '').replace(/[,¥\s]/g, '')) as never} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="productName" label={t('field.productName')} rules={[{ max: 200, message: t('form.tooLong', { n: 200 }) }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="complainantCount" label={t('field.complainantCount')} extra={t('intake.massHint')}>
                    <InputNumber<number> min={1} max={100000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="orgUnitCode" label={t('field.orgUnit')} extra={t('intake.orgUnitHint')}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.code, label: `${lang === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})` }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="businessCode" label={t('field.businessCode')}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(codes?.business ?? []).map((c) => ({ value: c.code, label: `${c.code} ${lang === 'en' ? c.en : c.zh}` }))} />
                  </Form.Item>
                </Col>
              </Row>
              {channel === 'regulator' ? (
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item name={['referral', 'source']} label={t('field.referralSource')} rules={[{ required: true, message: t('form.required') }]}>
                      <Select options={['12378', '12363', 'other'].map((s) => ({ value: s, label: te('referralSource', s) }))} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['referral', 'ref']} label={t('field.referralRef')} rules={[{ required: true, message: t('form.required') }, { max: 64, message: t('form.tooLong', { n: 64 }) }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['referral', 'dueAt']} label={t('field.referralDue')}>
                      <Input type="datetime-local" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : null}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('intake.section.complainant')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name={['complainant', 'name']} label={t('field.name')} rules={[{ max: 100, message: t('form.tooLong', { n: 100 }) }]}>
                <Input autoComplete="off" data-testid="intake-name" />
              </Form.Item>
              <Form.Item name={['complainant', 'phone']} label={t('field.phone')} rules={[rule(checkPhone)]}>
                <Input autoComplete="off" inputMode="tel" data-testid="intake-phone" />
              </Form.Item>
              <Form.Item name={['complainant', 'idNumber']} label={t('field.idNumber')} rules={[rule(checkIdNumber)]}>
                <Input autoComplete="off" maxLength={32} data-testid="intake-id-number" />
              </Form.Item>
              <Form.Item name={['complainant', 'email']} label={t('field.email')} rules={[rule(checkEmail)]}>
                <Input autoComplete="off" inputMode="email" />
              </Form.Item>
              <Form.Item name={['complainant', 'customerNo']} label={t('field.customerNo')} rules={[{ max: 64, message: t('form.tooLong', { n: 64 }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Typography.Text type="secondary">{t('intake.piiHint')}</Typography.Text>
            </Card>
            <Card size="small" title={t('intake.completeness')} data-testid="intake-completeness">
              {missing.length === 0 ? (
                <Tag color="success">{t('intake.complete')}</Tag>
              ) : (
                <Space wrap>
                  <span>{t('intake.missing')}</span>
                  {missing.map((m) => (
                    <Tag key={m} color="warning">
                      {te('completeness', m)}
                    </Tag>
                  ))}
                </Space>
              )}
            </Card>
          </Col>
        </Row>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
            {t('intake.submit')}
          </Button>
          <Button onClick={() => navigate('/app/queue')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Space>
  );
}
