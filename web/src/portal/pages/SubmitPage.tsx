// (1) Submit a complaint: fields with help texts, the personal-data notice and consent, a honeypot for bots.
import { useState, type FormEvent } from 'react';
import { portalApi, type SubmitInput } from '../api.ts';
import { Alert, Field, errorText } from '../components.tsx';
import { useI18n, type MessageKey } from '../i18n/index.ts';

interface Form {
  name: string;
  idNumber: string;
  phone: string;
  email: string;
  productName: string;
  amount: string;
  content: string;
  demand: string;
  consent: boolean;
  website: string;
}

const EMPTY: Form = { name: '', idNumber: '', phone: '', email: '', productName: '', amount: '', content: '', demand: '', consent: false, website: '' };
type Errors = Partial<Record<keyof Form, string>>;

/** Mainland mobile numbers, as the server accepts them (spaces, dashes, +86 / 0086 allowed). */
const isPhone = (v: string) => /^1[3-9]\d{9}$/.test(v.replace(/[\s\-()\uFF08\uFF09]/g, '').replace(/^(?:\+86|0086)/, ''));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AMOUNT = /^\d{1,12}(?:\.\d{1,2})?$/;

/** Which form field a server validation issue points at ('/complainant/phone' → phone). */
function fieldOfPath(path: string): keyof Form | null {
  const last = path.split('/').filter(Boolean).pop();
  return last && last in EMPTY ? (last as keyof Form) : null;
}

const SERVER_FIELD: Record<string, keyof Form> = {
  INVALID_PHONE: 'phone',
  INVALID_EMAIL: 'email',
  INVALID_ID_NUMBER: 'idNumber',
  INVALID_ID_CHECKSUM: 'idNumber',
  INVALID_ID_BIRTHDATE: 'idNumber',
  C3_DATA_REFUSED: 'content',
};

export function SubmitPage({ onTrack }: { onTrack: (trackingNo: string) => void }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [trackingNo, setTrackingNo] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // Either contact field answers "give a phone or an e-mail": clear that message on both.
    const cleared: (keyof Form)[] = key === 'phone' || key === 'email' ? ['phone', 'email'] : [key];
    const contactMessage = t('validation.contact');
    if (cleared.some((k) => errors[k])) {
      setErrors((e) => {
        const next = { ...e, [key]: undefined };
        for (const k of cleared) if (next[k] === contactMessage) next[k] = undefined;
        return next;
      });
    }
    setFailure(null);
  };

  const required = (key: MessageKey) => t('validation.required', { field: t(key) });

  function validate(f: Form): Errors {
    const e: Errors = {};
    if (!f.name.trim()) e.name = required('field.name');
    if (!f.phone.trim() && !f.email.trim()) e.phone = e.email = t('validation.contact');
    if (f.phone.trim() && !isPhone(f.phone.trim())) e.phone = t('validation.phone');
    if (f.email.trim() && !EMAIL.test(f.email.trim())) e.email = t('validation.email');
    if (f.amount.trim() && !AMOUNT.test(f.amount.trim())) e.amount = t('validation.amount');
    if (!f.content.trim()) e.content = required('field.content');
    if (!f.demand.trim()) e.demand = required('field.demand');
    if (!f.consent) e.consent = t('validation.consent');
    return e;
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    const e = validate(form);
    setErrors(e);
    if (Object.keys(e).length) {
      setFailure(t('common.fixErrors'));
      const first = (Object.keys(EMPTY) as (keyof Form)[]).find((k) => e[k]);
      if (first) document.getElementById(`submit-${first}`)?.focus();
      return;
    }
    const opt = (v: string) => (v.trim() ? v.trim() : undefined);
    const complainant: SubmitInput['complainant'] = { name: form.name.trim() };
    if (opt(form.idNumber)) complainant.idNumber = opt(form.idNumber);
    if (opt(form.phone)) complainant.phone = opt(form.phone);
    if (opt(form.email)) complainant.email = opt(form.email);
    const input: SubmitInput = { complainant, content: form.content.trim(), demand: form.demand.trim(), consent: true };
    if (opt(form.productName)) input.productName = opt(form.productName);
    if (opt(form.amount)) input.amount = Number(form.amount.trim());
    if (form.website) input.website = form.website; // people never see it; only bots fill it
    setBusy(true);
    try {
      const r = await portalApi.submit(lang, input);
      setTrackingNo(r.trackingNo);
      setForm(EMPTY);
      window.scrollTo(0, 0);
    } catch (err) {
      const msg = errorText(t, err);
      const code = (err as { code?: string }).code ?? '';
      const issues = ((err as { details?: { issues?: { path?: string }[] } }).details?.issues ?? []).map((i) => fieldOfPath(i.path ?? '')).filter((k): k is keyof Form => !!k);
      const target = SERVER_FIELD[code] ?? issues[0];
      if (target) setErrors((x) => ({ ...x, [target]: msg }));
      setFailure(msg);
    } finally {
      setBusy(false);
    }
  }

  if (trackingNo) {
    return (
      <section className="card done" aria-labelledby="done-heading">
        <h2 id="done-heading">{t('submit.done.heading')}</h2>
        <p className="label">{t('submit.done.trackingLabel')}</p>
        <p className="tracking-no" data-testid="tracking-no">
          {trackingNo}
        </p>
        <p>{t('submit.done.keep')}</p>
        <Alert kind="info">{t('submit.done.sent')}</Alert>
        <div className="actions">
          <button type="button" className="primary" onClick={() => onTrack(trackingNo)}>
            {t('submit.done.track')}
          </button>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard?.writeText(trackingNo).then(() => setCopied(true), () => undefined);
            }}
          >
            {copied ? t('submit.done.copied') : t('submit.done.copy')}
          </button>
          <button type="button" className="link" onClick={() => { setTrackingNo(null); setCopied(false); }}>
            {t('submit.done.another')}
          </button>
        </div>
      </section>
    );
  }

  const text = (key: keyof Form, label: MessageKey, opts: { help?: MessageKey; required?: boolean; type?: string; inputMode?: 'tel' | 'email' | 'decimal' | 'text'; maxLength: number; autoComplete?: string }) => (
    <Field id={`submit-${key}`} label={t(label)} help={opts.help ? t(opts.help) : undefined} error={errors[key]} required={!!opts.required}>
      {(a) => (
        <input
          {...a}
          name={key}
          type={opts.type ?? 'text'}
          inputMode={opts.inputMode}
          maxLength={opts.maxLength}
          autoComplete={opts.autoComplete ?? 'off'}
          value={form[key] as string}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );

  const area = (key: 'content' | 'demand', label: MessageKey, help: MessageKey, maxLength: number, rows: number) => (
    <Field id={`submit-${key}`} label={t(label)} help={t(help)} error={errors[key]} required>
      {(a) => <textarea {...a} name={key} rows={rows} maxLength={maxLength} value={form[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="submit-heading">
      <h2 id="submit-heading">{t('submit.heading')}</h2>
      <p className="intro">{t('submit.intro')}</p>
      {failure ? <Alert kind="error">{failure}</Alert> : null}

      <fieldset>
        <legend>{t('submit.sectionYou')}</legend>
        {text('name', 'field.name', { help: 'field.name.help', required: true, maxLength: 100, autoComplete: 'name' })}
        {text('phone', 'field.phone', { help: 'field.phone.help', type: 'tel', inputMode: 'tel', maxLength: 24, autoComplete: 'tel' })}
        {text('email', 'field.email', { help: 'field.email.help', type: 'email', inputMode: 'email', maxLength: 254, autoComplete: 'email' })}
        {text('idNumber', 'field.idNumber', { help: 'field.idNumber.help', maxLength: 32 })}
      </fieldset>

      <fieldset>
        <legend>{t('submit.sectionMatter')}</legend>
        {text('productName', 'field.productName', { help: 'field.productName.help', maxLength: 200 })}
        {text('amount', 'field.amount', { help: 'field.amount.help', inputMode: 'decimal', maxLength: 16 })}
        {area('content', 'field.content', 'field.content.help', 5000, 6)}
        {area('demand', 'field.demand', 'field.demand.help', 2000, 3)}
      </fieldset>

      {/* Honeypot: off-screen, out of the tab order and hidden from assistive technology. */}
      <div className="hp" aria-hidden="true">
        <label htmlFor="submit-website">{t('field.website')}</label>
        <input id="submit-website" name="website" type="text" tabIndex={-1} autoComplete="off" value={form.website} onChange={(e) => set('website', e.target.value)} />
      </div>

      <section className="privacy" aria-labelledby="privacy-heading">
        <h3 id="privacy-heading">{t('privacy.heading')}</h3>
        <ul>
          <li>{t('privacy.what')}</li>
          <li>{t('privacy.why')}</li>
          <li>{t('privacy.howLong')}</li>
          <li>{t('privacy.rights')}</li>
        </ul>
        <div className={errors.consent ? 'field field-invalid' : 'field'}>
          <label className="check">
            <input
              id="submit-consent"
              type="checkbox"
              name="consent"
              checked={form.consent}
              onChange={(e) => set('consent', e.target.checked)}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? 'submit-consent-error' : undefined}
            />
            <span>{t('privacy.consent')}</span>
          </label>
          {errors.consent ? (
            <p className="error" id="submit-consent-error" role="alert">
              {errors.consent}
            </p>
          ) : null}
        </div>
      </section>

      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.sending') : t('submit.button')}
        </button>
      </div>
    </form>
  );
}
