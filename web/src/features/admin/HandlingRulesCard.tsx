// The complaint handling rules an administrator changes (`PUT /complaint-policy`): the repeat window used at intake,
// in-person feedback for major complaints, and notice of the first extension. Saved as a whole, validated by the
// server, audited; the form starts from the rules in force.
import { useEffect } from 'react';
import { Button, Card, Form, InputNumber, Switch, Typography } from 'antd';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { HandlingRules } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorAlert, useAction } from '../../ui/admin.tsx';

export function HandlingRulesCard({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const rules = useApi<HandlingRules>('/complaint-policy');
  const [form] = Form.useForm<HandlingRules>();
  const run = useAction();
  useEffect(() => {
    if (rules.data) form.setFieldsValue(rules.data);
  }, [rules.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    if (await run(() => api.put('/complaint-policy', v), t('common.saved'))) rules.reload();
  };

  return (
    <Card size="small" title={t('rules.title')} data-testid="handling-rules">
      <ErrorAlert error={rules.error} />
      <Typography.Paragraph type="secondary">{t('rules.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={!editable || !rules.data} style={{ maxWidth: 560 }}>
        <Form.Item name="repeatWindowDays" label={t('rules.repeatWindowDays')} extra={t('rules.repeatWindowDaysHelp')} rules={[{ required: true, type: 'integer', min: 1, max: 365, message: t('rules.repeatWindowDaysRange') }]}>
          <InputNumber min={1} max={365} precision={0} suffix={t('rules.days')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="majorRequiresInPersonFeedback" label={t('rules.majorRequiresInPersonFeedback')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="notifyCustomerOnFirstExtension" label={t('rules.notifyCustomerOnFirstExtension')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {editable ? (
          <Button type="primary" onClick={() => void save().catch(() => undefined)} data-testid="handling-rules-save">
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}
