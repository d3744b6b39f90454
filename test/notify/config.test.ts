import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTransportsFromEnv,
  EmailTransport,
  emailConfigFromEnv,
  sendMessage,
  SmsGateway,
  smsConfigFromEnv,
  TransportConfigError,
  TransportError,
} from '../../src/notify/index.ts';

describe('createTransportsFromEnv', () => {
  test('without configuration every send fails with a clear, non-retryable "not configured" error', async () => {
    const t = createTransportsFromEnv({});
    assert.equal(t.email.configured, false);
    assert.equal(t.sms.configured, false);
    await assert.rejects(
      sendMessage(t, { channel: 'email', to: 'a@b.example', subject: 's', text: 't', ref: 'r' }),
      (e: unknown) =>
        e instanceof TransportError && e.code === 'NOT_CONFIGURED' && !e.retryable && e.message.includes('KESU_SMTP_HOST'),
    );
    await assert.rejects(
      sendMessage(t, { channel: 'sms', to: '13812345678', text: 't', ref: 'r' }),
      (e: unknown) => e instanceof TransportError && e.code === 'NOT_CONFIGURED' && !e.retryable && e.message.includes('KESU_SMS_URL'),
    );
  });

  test('builds SMTP and SMS transports from complete settings', async () => {
    const t = createTransportsFromEnv({
      KESU_SMTP_HOST: 'smtp.bank.example',
      KESU_SMTP_FROM: 'complaints@bank.example',
      KESU_SMS_URL: 'https://sms.bank.example/send',
      KESU_SMS_SECRET: 'a-long-enough-secret',
    });
    assert.ok(t.email instanceof EmailTransport);
    assert.ok(t.sms instanceof SmsGateway);
    await t.email.close();
  });

  test('port and TLS mode defaults: 465 is implicit TLS, otherwise 587 with opportunistic STARTTLS', () => {
    assert.deepEqual(emailConfigFromEnv({ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example' }), {
      host: 'h',
      port: 587,
      secure: false,
      from: 'f@x.example',
    });
    assert.equal(emailConfigFromEnv({ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_PORT: '465' })?.secure, true);
    assert.equal(emailConfigFromEnv({ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_SECURE: 'true' })?.port, 465);
    assert.equal(emailConfigFromEnv({ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_SECURE: 'starttls' })?.secure, 'starttls');
    const withAuth = emailConfigFromEnv({
      KESU_SMTP_HOST: 'h',
      KESU_SMTP_FROM: 'f@x.example',
      KESU_SMTP_USER: 'u',
      KESU_SMTP_PASSWORD: 'p w',
    });
    assert.equal(withAuth?.user, 'u');
    assert.equal(withAuth?.password, 'p w');
  });

  test('half-done or invalid settings fail at startup naming the variables, never their values', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ KESU_SMTP_HOST: 'smtp.bank.example' }, /KESU_SMTP_FROM is required/],
      [{ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_PORT: 'abc' }, /KESU_SMTP_PORT/],
      [{ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_SECURE: 'maybe' }, /KESU_SMTP_SECURE/],
      [{ KESU_SMTP_HOST: 'h', KESU_SMTP_FROM: 'f@x.example', KESU_SMTP_USER: 'u' }, /KESU_SMTP_PASSWORD is required/],
      [{ KESU_SMS_URL: 'https://sms.example/send' }, /KESU_SMS_SECRET is required/],
      [{ KESU_SMS_URL: 'https://sms.example/send', KESU_SMS_SECRET: 'short-Pa55' }, /at least 16/],
      [{ KESU_SMS_URL: 'http://sms.example/send', KESU_SMS_SECRET: 'a-long-enough-secret' }, /must use https/],
      [{ KESU_SMS_SECRET: 'a-long-enough-secret' }, /KESU_SMS_URL is required/],
    ];
    for (const [env, pattern] of cases) {
      assert.throws(
        () => createTransportsFromEnv(env),
        (e: unknown) => {
          assert.ok(e instanceof TransportConfigError);
          assert.match(e.message, pattern);
          assert.ok(!e.message.includes('short-Pa55') && !e.message.includes('a-long-enough-secret'));
          return true;
        },
      );
    }
  });

  test('plain http is accepted only for a gateway on this machine', () => {
    assert.equal(smsConfigFromEnv({ KESU_SMS_URL: 'http://127.0.0.1:9000/sms', KESU_SMS_SECRET: 'a-long-enough-secret' })?.url, 'http://127.0.0.1:9000/sms');
    assert.ok(smsConfigFromEnv({ KESU_SMS_URL: 'http://localhost/sms', KESU_SMS_SECRET: 'a-long-enough-secret' }));
  });
});
