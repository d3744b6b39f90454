// (3) My complaint: status, timeline, supply information, the decision, satisfaction rating, review request.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, DIMENSIONS, LEVELS, isSignedOut, portalApi, type Dimension, type InformationInput, type Level, type PortalView } from '../api.ts';
import { Alert, Field, Paragraphs, Section, errorText } from '../components.tsx';
import { formatDateTime, formatDay, useI18n, type MessageKey } from '../i18n/index.ts';

const key = (prefix: string, value: string) => `${prefix}.${value}` as MessageKey;

/** Today's date in Beijing, 'YYYY-MM-DD'. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function ComplaintPage({ onSignedOut }: { onSignedOut: (notice: string | null) => void }) {
  const { t, lang } = useI18n();
  const [view, setView] = useState<PortalView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [infoSent, setInfoSent] = useState(false);

  const handle = useCallback(
    (e: unknown): string => {
      if (isSignedOut(e)) {
        portalApi.forget();
        onSignedOut(t('track.sessionEnded'));
      }
      return errorText(t, e);
    },
    [onSignedOut, t],
  );

  const load = useCallback(async () => {
    setFailure(null);
    try {
      setView(await portalApi.complaint(lang));
    } catch (e) {
      setFailure(handle(e));
    }
  }, [lang, handle]);

  useEffect(() => {
    void load();
  }, [load]);

  async function signOut() {
    await portalApi.signOut(lang).catch(() => undefined);
    onSignedOut(null);
  }

  if (!view) {
    return (
      <section className="card" aria-busy={!failure}>
        {failure ? (
          <>
            <Alert kind="error">{failure}</Alert>
            <button type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </>
        ) : (
          <p>{t('common.loading')}</p>
        )}
      </section>
    );
  }

  return (
    <>
      <section className="card" aria-labelledby="complaint-heading">
        <div className="row">
          <h2 id="complaint-heading">{t('complaint.heading')}</h2>
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('common.logout')}
          </button>
        </div>
        <dl className="facts">
          <dt>{t('complaint.trackingNo')}</dt>
          <dd className="mono">{view.trackingNo}</dd>
          <dt>{t('complaint.receivedAt')}</dt>
          <dd>{formatDateTime(lang, view.receivedAt)}</dd>
          <dt>{t('complaint.status')}</dt>
          <dd>
            <span className={`status status-${view.status}`} data-testid="status">
              {t(key('status', view.status))}
            </span>
          </dd>
        </dl>
      </section>

      {view.canSupplyInformation ? (
        <InformationForm
          view={view}
          onDone={(v) => {
            setView(v);
            setInfoSent(true);
          }}
          onError={handle}
        />
      ) : infoSent ? (
        <Section title={t('info.heading')} id="information">
          <Alert kind="success">{t('info.done')}</Alert>
        </Section>
      ) : null}

      {view.decision ? (
        <Section title={t('decision.heading')} id="decision">
          <dl className="decision">
            <dt>{t('decision.outcome')}</dt>
            <dd>
              <strong>{t(key('outcome', view.decision.outcome))}</strong>
            </dd>
            <dt>{t('decision.factsChecked')}</dt>
            <dd>
              <Paragraphs text={view.decision.factsChecked} />
            </dd>
            <dt>{t('decision.basisAndReasons')}</dt>
            <dd>
              <Paragraphs text={view.decision.basisAndReasons} />
            </dd>
            <dt>{t('decision.remedy')}</dt>
            <dd>
              <Paragraphs text={view.decision.remedy} />
            </dd>
            <dt>{t('decision.notifiedAt')}</dt>
            <dd>{formatDateTime(lang, view.decision.notifiedAt)}</dd>
          </dl>
          {view.decision.remediesOpen.length ? (
            <>
              <p className="label">{t('decision.remediesOpen')}</p>
              <ul className="remedies">
                {view.decision.remediesOpen.map((r) => (
                  <li key={r}>{t(key('remedy', r))}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
      ) : null}

      {view.canRate ? (
        <RatingForm onDone={setView} onError={handle} />
      ) : view.timeline.some((e) => e.event === 'SATISFACTION_RECORDED') ? (
        <Section title={t('rating.heading')} id="rating">
          <Alert kind="success">{t('rating.done')}</Alert>
        </Section>
      ) : null}

      <ReviewPart view={view} onDone={setView} onError={handle} />

      <Section title={t('complaint.timeline')} id="timeline">
        {view.timeline.length ? (
          <ol className="timeline">
            {[...view.timeline].reverse().map((e, i) => (
              <li key={`${e.at}-${e.event}-${i}`}>
                <time dateTime={e.at}>{formatDateTime(lang, e.at)}</time>
                <span>{lang === 'en' ? e.label.en : e.label.zh}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('complaint.timelineEmpty')}</p>
        )}
      </Section>

      <Section title={t('complaint.yours')} id="yours">
        <dl>
          <dt>{t('complaint.content')}</dt>
          <dd data-testid="my-content">
            <Paragraphs text={view.content} />
          </dd>
          <dt>{t('complaint.demand')}</dt>
          <dd>
            <Paragraphs text={view.demand} />
          </dd>
        </dl>
      </Section>
    </>
  );
}

interface PartProps {
  onDone: (v: PortalView) => void;
  onError: (e: unknown) => string;
}

function InformationForm({ view, onDone, onError }: PartProps & { view: PortalView }) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState('');
  const [content, setContent] = useState('');
  const [demand, setDemand] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const missing = view.missing.filter((m) => ['identity', 'contact', 'content', 'demand'].includes(m));

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    const input: InformationInput = {};
    if (note.trim()) input.note = note.trim();
    if (content.trim()) input.content = content.trim();
    if (demand.trim()) input.demand = demand.trim();
    if (phone.trim() || email.trim()) input.complainant = { ...(phone.trim() ? { phone: phone.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}) };
    if (!Object.keys(input).length) {
      setFailure(t('validation.nothingSupplied'));
      return;
    }
    setBusy(true);
    try {
      onDone(await portalApi.supplyInformation(lang, input));
    } catch (e) {
      setFailure(onError(e));
      setBusy(false);
    }
  }

  return (
    <Section title={t('info.heading')} id="information">
      <p>{t('info.intro')}</p>
      {missing.length ? <p>{t('info.missing', { fields: missing.map((m) => t(key('missing', m))).join(lang === 'en' ? ', ' : '、') })}</p> : null}
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <form onSubmit={submit} noValidate>
        <Field id="info-note" label={t('field.note')} help={t('field.note.help')}>
          {(a) => <textarea {...a} rows={4} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {missing.includes('contact') ? (
          <>
            <Field id="info-phone" label={t('field.phone')} help={t('field.phone.help')}>
              {(a) => <input {...a} type="tel" inputMode="tel" maxLength={24} value={phone} onChange={(e) => setPhone(e.target.value)} />}
            </Field>
            <Field id="info-email" label={t('field.email')} help={t('field.email.help')}>
              {(a) => <input {...a} type="email" inputMode="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />}
            </Field>
          </>
        ) : null}
        {missing.includes('content') ? (
          <Field id="info-content" label={t('field.content')} help={t('field.content.help')}>
            {(a) => <textarea {...a} rows={5} maxLength={5000} value={content} onChange={(e) => setContent(e.target.value)} />}
          </Field>
        ) : null}
        {missing.includes('demand') ? (
          <Field id="info-demand" label={t('field.demand')} help={t('field.demand.help')}>
            {(a) => <textarea {...a} rows={3} maxLength={2000} value={demand} onChange={(e) => setDemand(e.target.value)} />}
          </Field>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('common.sending') : t('info.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function RatingForm({ onDone, onError }: PartProps) {
  const { t, lang } = useI18n();
  const [scores, setScores] = useState<Partial<Record<Dimension, number>>>({});
  const [level, setLevel] = useState<Level | null>(null);
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    const complete = DIMENSIONS.every((d) => scores[d]);
    if (!complete || !level) {
      setFailure(t('validation.rating'));
      return;
    }
    setBusy(true);
    try {
      const all = scores as Record<Dimension, number>;
      onDone(await portalApi.rate(lang, { level, scores: all, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    } catch (e) {
      setFailure(onError(e));
      setBusy(false);
    }
  }

  return (
    <Section title={t('rating.heading')} id="rating">
      <p>{t('rating.intro')}</p>
      <form onSubmit={submit} noValidate>
        {DIMENSIONS.map((d) => (
          <fieldset key={d} className="scale" data-dimension={d}>
            <legend>{t(key('dimension', d))}</legend>
            <div className="choices">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className={scores[d] === n ? 'choice chosen' : 'choice'}>
                  <input type="radio" name={`score-${d}`} value={n} checked={scores[d] === n} onChange={() => setScores((s) => ({ ...s, [d]: n }))} />
                  <span>{t('rating.score', { score: n })}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <fieldset className="scale" data-dimension="level">
          <legend>{t('rating.level')}</legend>
          <div className="choices">
            {LEVELS.map((l) => (
              <label key={l} className={level === l ? 'choice chosen' : 'choice'}>
                <input type="radio" name="level" value={l} checked={level === l} onChange={() => setLevel(l)} />
                <span>{t(key('level', l))}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="rating-comment" label={t('field.comment')}>
          {(a) => <textarea {...a} rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('common.sending') : t('rating.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function ReviewPart({ view, onDone, onError }: PartProps & { view: PortalView }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [closedOn, setClosedOn] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    if (!reason.trim()) {
      setError(t('validation.required', { field: t('field.reason') }));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      onDone(await portalApi.requestReview(lang, reason.trim()));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'REVIEW_WINDOW_CLOSED') setClosedOn(String(e.details.closesOn ?? view.reviewWindowClosesOn ?? ''));
      else setFailure(onError(e));
      setBusy(false);
    }
  }

  if (view.review) {
    return (
      <Section title={t('review.heading')} id="review">
        <Alert kind={view.review.status === 'decided' ? 'info' : 'success'}>{view.review.status === 'decided' ? t('review.decided') : t('review.requested')}</Alert>
      </Section>
    );
  }
  if (!view.decision) return null;
  const closesOn = closedOn ?? view.reviewWindowClosesOn;
  const windowOver = closedOn !== null || (!view.canRequestReview && !!closesOn && beijingToday() > closesOn);
  if (windowOver && closesOn) {
    return (
      <Section title={t('review.heading')} id="review">
        <Alert kind="error">{t('review.closed', { date: formatDay(lang, closesOn) })}</Alert>
      </Section>
    );
  }
  if (!view.canRequestReview) return null;
  return (
    <Section title={t('review.heading')} id="review">
      <p>{t('review.intro', { date: closesOn ? formatDay(lang, closesOn) : '' })}</p>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <form onSubmit={submit} noValidate>
        <Field id="review-reason" label={t('field.reason')} help={t('field.reason.help')} error={error} required>
          {(a) => <textarea {...a} rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('common.sending') : t('review.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
