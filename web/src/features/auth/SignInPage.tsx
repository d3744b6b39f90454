// Sign-in: password, then the second factor — a TOTP code (or a recovery code), or on first sign-in the
// enrolment with a QR code and the one-time recovery codes.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { api, errorText, setCsrfToken } from '../../api/client.ts';
import type { MfaState } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';

type Step = 'password' | 'verify' | 'enrol' | 'codes';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

const CODE_RULE = /^[0-9]{6}$/;

function CodeForm({ onSubmit, busy, label }: { onSubmit: (code: string) => void; busy: boolean; label: string }) {
  const { t } = useI18n();
  return (
    <Form layout="vertical" onFinish={(v: { code: string }) => onSubmit(v.code.trim())} requiredMark={false}>
      <Form.Item name="code" label={label} rules={[{ required: true, pattern: CODE_RULE, message: t('auth.codeInvalid') }]}>
        <Input autoFocus inputMode="numeric" autoComplete="one-time-code" maxLength={6} prefix={<SafetyOutlined />} placeholder="123456" data-testid="totp-code" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('auth.verify')}
      </Button>
    </Form>
  );
}

export function SignInPage({ initialStep, notice, extra }: { initialStep: 'password' | 'verify' | 'enrol'; notice?: string | undefined; extra?: ReactNode }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [step, setStep] = useState<Step>(initialStep);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const enrolStarted = useRef(false);

  useEffect(() => setStep(initialStep), [initialStep]);

  useEffect(() => {
    if (step !== 'enrol' || enrolStarted.current) return;
    enrolStarted.current = true;
    api
      .post<Enrolment>('/auth/totp/enroll')
      .then(setEnrolment)
      .catch((e: unknown) => setError(errorText(e)));
  }, [step]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const signIn = (v: { username: string; password: string }) =>
    run(async () => {
      const r = await api.post<{ mfa: MfaState; csrfToken: string }>('/auth/login', { username: v.username.trim(), password: v.password });
      setCsrfToken(r.csrfToken);
      if (r.mfa === 'required') setStep('verify');
      else if (r.mfa === 'enrolment_required') setStep('enrol');
      else await refresh();
    });

  const verify = (body: { code: string } | { recoveryCode: string }) =>
    run(async () => {
      const r = await api.post<{ csrfToken: string }>('/auth/totp/verify', body);
      setCsrfToken(r.csrfToken);
      await refresh();
    });

  const activate = (code: string) =>
    run(async () => {
      const r = await api.post<{ recoveryCodes: string[]; csrfToken: string }>('/auth/totp/activate', { code });
      setCsrfToken(r.csrfToken);
      setCodes(r.recoveryCodes);
      setStep('codes');
    });

  const cancel = () =>
    run(async () => {
      await api.post('/auth/logout').catch(() => undefined);
      setCsrfToken(null);
      enrolStarted.current = false;
      setEnrolment(null);
      setStep('password');
    });

  const titles: Record<Step, string> = {
    password: t('auth.signInTitle'),
    verify: t('auth.verifyTitle'),
    enrol: t('auth.enrolTitle'),
    codes: t('auth.recoveryTitle'),
  };

  return (
    <div className="kesu-signin">
      <Card style={{ width: step === 'enrol' || step === 'codes' ? 480 : 380 }} title={<span>{t('app.title')}</span>} extra={extra}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {titles[step]}
        </Typography.Title>
        {notice && step === 'password' && !error ? <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}

        {step === 'password' && (
          <Form layout="vertical" onFinish={signIn} requiredMark={false}>
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('form.required') }]}>
              <Input autoFocus autoComplete="username" prefix={<UserOutlined />} />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('form.required') }]}>
              <Input.Password autoComplete="current-password" prefix={<LockOutlined />} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('auth.signIn')}
            </Button>
          </Form>
        )}

        {step === 'verify' && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {useRecovery ? (
              <Form layout="vertical" onFinish={(v: { recoveryCode: string }) => verify({ recoveryCode: v.recoveryCode.trim() })} requiredMark={false}>
                <Form.Item name="recoveryCode" label={t('auth.recoveryCode')} rules={[{ required: true, message: t('form.required') }]}>
                  <Input autoFocus autoComplete="off" placeholder="xxxxx-xxxxx" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  {t('auth.verify')}
                </Button>
              </Form>
            ) : (
              <CodeForm onSubmit={(code) => verify({ code })} busy={busy} label={t('auth.totpCode')} />
            )}
            <Space>
              <Button type="link" onClick={() => setUseRecovery((x) => !x)} style={{ padding: 0 }}>
                {useRecovery ? t('auth.useTotp') : t('auth.useRecovery')}
              </Button>
              <Button type="link" onClick={() => void cancel()} style={{ padding: 0 }}>
                {t('auth.back')}
              </Button>
            </Space>
          </Space>
        )}

        {step === 'enrol' && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph>{t('auth.enrolHelp')}</Typography.Paragraph>
            {enrolment ? (
              <>
                <div style={{ textAlign: 'center' }}>
                  <img src={enrolment.qrDataUrl} alt={t('auth.qrAlt')} width={200} height={200} data-testid="totp-qr" />
                </div>
                <Typography.Paragraph>
                  {t('auth.manualKey')} <Typography.Text code copyable data-testid="totp-secret">{enrolment.secret}</Typography.Text>
                </Typography.Paragraph>
                <CodeForm onSubmit={(code) => void activate(code)} busy={busy} label={t('auth.enrolCode')} />
              </>
            ) : (
              !error && <Spin />
            )}
            <Button type="link" onClick={() => void cancel()} style={{ padding: 0 }}>
              {t('auth.back')}
            </Button>
          </Space>
        )}

        {step === 'codes' && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('auth.recoveryWarning')} />
            <div className="kesu-codes" data-testid="recovery-codes">
              {codes.map((c) => (
                <span key={c}>{c}</span>
              ))}
            </div>
            <Button type="primary" block onClick={() => void run(async () => void (await refresh()))} loading={busy}>
              {t('auth.recoverySaved')}
            </Button>
          </Space>
        )}
      </Card>
    </div>
  );
}
