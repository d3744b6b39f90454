// (2) Track: tracking number → one-time code (the same answer whether the number exists or not) → 6-digit code.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { portalApi } from '../api.ts';
import { Alert, Field, errorText } from '../components.tsx';
import { useI18n } from '../i18n/index.ts';

const TRACKING_NO = /^[A-Za-z0-9-]{6,32}$/;
const RESEND_SECONDS = 60;
type Via = '' | 'sms' | 'email';

export function TrackPage({ initialTrackingNo, notice, onSignedIn }: { initialTrackingNo: string; notice: string | null; onSignedIn: () => void }) {
  const { t, lang } = useI18n();
  const [trackingNo, setTrackingNo] = useState(initialTrackingNo);
  const [via, setVia] = useState<Via>('');
  const [stage, setStage] = useState<'number' | 'code'>('number');
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<{ trackingNo?: string; code?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait((w) => w - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  useEffect(() => {
    if (stage === 'code') codeInput.current?.focus();
  }, [stage]);

  const normalised = trackingNo.trim().toUpperCase();

  async function sendCode(ev?: FormEvent) {
    ev?.preventDefault();
    setFailure(null);
    if (!TRACKING_NO.test(normalised)) {
      setFieldError({ trackingNo: t('validation.trackingNo') });
      return;
    }
    setFieldError({});
    setBusy(true);
    try {
      await portalApi.requestCode(lang, normalised, via || undefined);
      setStage('code');
      setCode('');
      setWait(RESEND_SECONDS);
    } catch (e) {
      setFailure(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function signIn(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    if (!/^\d{6}$/.test(code)) {
      setFieldError({ code: t('validation.code') });
      codeInput.current?.focus();
      return;
    }
    setFieldError({});
    setBusy(true);
    try {
      await portalApi.signIn(lang, normalised, code);
      onSignedIn();
    } catch (e) {
      setFieldError({ code: errorText(t, e) });
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="track-heading">
      <h2 id="track-heading">{t('track.heading')}</h2>
      <p className="intro">{t('track.intro')}</p>
      {notice ? <Alert kind="info">{notice}</Alert> : null}
      {failure ? <Alert kind="error">{failure}</Alert> : null}

      {stage === 'number' ? (
        <form onSubmit={sendCode} noValidate>
          <Field id="track-no" label={t('field.trackingNo')} help={t('field.trackingNo.help')} error={fieldError.trackingNo} required>
            {(a) => (
              <input {...a} name="trackingNo" type="text" autoCapitalize="characters" autoComplete="off" spellCheck={false} maxLength={32} value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} />
            )}
          </Field>
          <Field id="track-via" label={t('field.via')}>
            {(a) => (
              <select {...a} name="via" value={via} onChange={(e) => setVia(e.target.value as Via)}>
                <option value="">{t('via.auto')}</option>
                <option value="sms">{t('via.sms')}</option>
                <option value="email">{t('via.email')}</option>
              </select>
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('common.sending') : t('track.sendCode')}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={signIn} noValidate>
          <Alert kind="success">{t('track.codeSent')}</Alert>
          <p className="label">
            {t('field.trackingNo')}: <strong className="mono">{normalised}</strong>
          </p>
          <Field id="track-code" label={t('field.code')} help={t('field.code.help')} error={fieldError.code} required>
            {(a) => (
              <input
                {...a}
                ref={codeInput}
                name="code"
                className="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('common.sending') : t('track.open')}
            </button>
            <button type="button" disabled={busy || wait > 0} onClick={() => void sendCode()}>
              {wait > 0 ? t('track.resendIn', { seconds: wait }) : t('track.resend')}
            </button>
            <button type="button" className="link" onClick={() => { setStage('number'); setCode(''); setFieldError({}); }}>
              {t('track.otherNumber')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
