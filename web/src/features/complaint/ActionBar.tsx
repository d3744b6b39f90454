// Every action the complaint allows and the user may take, each opening a form with the fields it requires.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Modal, Space, Typography } from 'antd';
import { api, errorText } from '../../api/client.ts';
import type { Complaint } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';
import { ACTIONS, offeredActions, toBody } from './actions.ts';
import { ActionFields, initialValues } from './ActionFields.tsx';

export interface PendingAction {
  command: string;
  initial?: Record<string, unknown>;
}

export function ActionBar({ complaint, onDone, pending, setPending }: { complaint: Complaint; onDone: (c: Complaint) => void; pending: PendingAction | null; setPending: (p: PendingAction | null) => void }) {
  const { t, te } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offered = offeredActions(complaint, (p) => can(p));

  // The form starts from the complaint when the dialog opens, and only then: a fresh copy of the complaint arriving
  // while it is open (a refetch) must not wipe what the user already chose.
  const latest = useRef(complaint);
  latest.current = complaint;
  useEffect(() => {
    if (!pending) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ ...initialValues(pending.command, latest.current), ...(pending.initial ?? {}) });
  }, [pending, form]);

  const submit = async () => {
    if (!pending) return;
    const def = ACTIONS[pending.command]!;
    let values: Record<string, unknown> = {};
    if (!def.confirmOnly) {
      try {
        values = (await form.validateFields()) as Record<string, unknown>;
      } catch {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Complaint>(`/complaints/${complaint.id}/${def.path}`, toBody(pending.command, values));
      message.success(t('action.done', { action: te('action', pending.command) }));
      setPending(null);
      onDone(updated);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (offered.length === 0) {
    return <Typography.Text type="secondary">{t('action.none')}</Typography.Text>;
  }

  const def = pending ? ACTIONS[pending.command] : undefined;
  return (
    <>
      <Space wrap data-testid="action-bar">
        {offered.map((a) => (
          <Button key={a} type={ACTIONS[a]!.primary && !(a === 'closeComplaint' && complaint.state !== 'followed_up') ? 'primary' : 'default'} danger={ACTIONS[a]!.danger} onClick={() => setPending({ command: a })} data-testid={`action-${a}`}>
            {te('action', a)}
          </Button>
        ))}
      </Space>
      <Modal
        open={!!pending}
        title={pending ? te('action', pending.command) : ''}
        onCancel={() => setPending(null)}
        onOk={() => void submit()}
        okText={t('action.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
        width={def?.confirmOnly ? 420 : 640}
        okButtonProps={{ 'data-testid': 'action-submit' } as never}
      >
        {pending ? (
          <>
            {def?.confirmOnly ? <Typography.Paragraph>{t('action.confirm', { action: te('action', pending.command), no: complaint.trackingNo })}</Typography.Paragraph> : null}
            <Form form={form} layout="vertical" validateTrigger={['onChange', 'onBlur']} preserve={false}>
              {def?.confirmOnly ? null : <ActionFields command={pending.command} form={form} complaint={complaint} />}
            </Form>
            {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
          </>
        ) : null}
      </Modal>
    </>
  );
}
