// The fields each complaint action requires (decision notice, extension, review, routing …), as form items.
import { useEffect } from 'react';
import { Checkbox, Form, Input, InputNumber, Radio, Rate, Select, Switch, type FormInstance } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useApi } from '../../api/hooks.ts';
import { qs } from '../../api/client.ts';
import type { Complaint, StaffMember } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';
import { useCodeTable, useOrgUnits } from '../../ui/reference.ts';
import {
  CATEGORY_VALUES,
  COMPLETENESS_VALUES,
  COMPLEXITY_VALUES,
  FEEDBACK_CHANNEL_VALUES,
  OUTCOME_VALUES,
  REMEDY_OPEN_VALUES,
  REMEDY_TYPES,
  SATISFACTION_DIMENSION_VALUES,
  SATISFACTION_VALUES,
} from '../../lib/domain.ts';
import { checkC3, checkEmail, checkIdNumber, checkPhone, type Check } from '../intake/validation.ts';

function useRules() {
  const { t } = useI18n();
  return {
    required: { required: true, message: t('form.required') },
    max: (n: number) => ({ max: n, message: t('form.tooLong', { n }) }),
    min: (n: number) => ({ min: n, message: t('form.tooShort', { n }) }),
    check: (c: Check) => ({
      validator: (_: unknown, v: string | undefined) => {
        const k = c(v);
        return k ? Promise.reject(new Error(t(k))) : Promise.resolve();
      },
    }),
  };
}

function UnitSelect({ name, label, required }: { name: string; label: string; required?: boolean }) {
  const { t, lang } = useI18n();
  const units = useOrgUnits();
  return (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('form.required') }] : []}>
      <Select
        allowClear={!required}
        showSearch={{ optionFilterProp: 'label' }}
        data-testid={`field-${name}`}
        options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: `${lang === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})` }))}
      />
    </Form.Item>
  );
}

/** Handlers of the chosen unit and below (needs complaint:assign to list staff). */
function HandlerSelect({ form, unitField, name, label }: { form: FormInstance; unitField: string; name: string; label: string }) {
  const { can } = useSession();
  const unitId = Form.useWatch(unitField, form) as string | undefined;
  const staff = useApi<{ items: StaffMember[] }>(can('complaint:assign') && unitId ? `/console/staff${qs({ unitId, handlersOnly: true })}` : null);
  const items = staff.data?.items ?? [];
  useEffect(() => {
    const cur = form.getFieldValue(name) as string | undefined;
    if (cur && staff.data && !items.some((s) => s.id === cur)) form.setFieldValue(name, undefined);
  }, [staff.data, items, form, name]);
  if (!can('complaint:assign')) return null;
  return (
    <Form.Item name={name} label={label}>
      <Select allowClear loading={staff.loading} data-testid={`field-${name}`} showSearch={{ optionFilterProp: 'label' }} options={items.map((s) => ({ value: s.id, label: s.displayName }))} />
    </Form.Item>
  );
}

export function ActionFields({ command, form, complaint }: { command: string; form: FormInstance; complaint: Complaint }) {
  const { t, te, lang } = useI18n();
  const r = useRules();
  const codes = useCodeTable();
  const codeOptions = (axis: 'channel' | 'business' | 'reason') => (codes?.[axis] ?? []).map((c) => ({ value: c.code, label: `${c.code} ${lang === 'en' ? c.en : c.zh}` }));
  const reason = (label = t('field.reason')) => (
    <Form.Item name="reason" label={label} rules={[r.required, r.max(1000)]}>
      <Input.TextArea rows={3} showCount maxLength={1000} data-testid="field-reason" />
    </Form.Item>
  );

  switch (command) {
    case 'classifyComplaint':
      return (
        <>
          <Form.Item name="category" label={t('field.category')} rules={[r.required]}>
            <Radio.Group optionType="button" options={CATEGORY_VALUES.map((c) => ({ value: c, label: te('category', c) }))} />
          </Form.Item>
          <Form.Item name="complexity" label={t('field.complexity')} rules={[r.required]} extra={t('action.classify.complexityHint')}>
            <Radio.Group optionType="button" options={COMPLEXITY_VALUES.map((c) => ({ value: c, label: te('complexity', c) }))} />
          </Form.Item>
          <Form.Item name="reasonCode" label={t('field.reasonCode')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={codeOptions('reason')} data-testid="field-reasonCode" />
          </Form.Item>
          <Form.Item name="businessCode" label={t('field.businessCode')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={codeOptions('business')} />
          </Form.Item>
          <Form.Item name="channelCode" label={t('field.channelCode')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={codeOptions('channel')} />
          </Form.Item>
          <Form.Item name="major" label={t('field.major')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="mass" label={t('field.mass')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </>
      );
    case 'assignComplaint':
      return (
        <>
          <UnitSelect name="handlingUnitId" label={t('field.handlingUnit')} required />
          <HandlerSelect form={form} unitField="handlingUnitId" name="handlerId" label={t('field.handler')} />
        </>
      );
    case 'transferComplaint':
      return (
        <>
          <UnitSelect name="toUnitId" label={t('field.toUnit')} required />
          <HandlerSelect form={form} unitField="toUnitId" name="toHandlerId" label={t('field.handler')} />
          {reason()}
        </>
      );
    case 'escalateComplaint':
      return (
        <>
          {reason()}
          <UnitSelect name="toUnitId" label={t('field.toUnitOptional')} />
          <HandlerSelect form={form} unitField="toUnitId" name="toHandlerId" label={t('field.handler')} />
        </>
      );
    case 'returnComplaint':
    case 'reopenComplaint':
      return reason();
    case 'requestInformation':
      return (
        <>
          <Form.Item name="fields" label={t('field.requestedParts')}>
            <Checkbox.Group options={COMPLETENESS_VALUES.map((c) => ({ value: c, label: te('completeness', c) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('field.requestNote')} rules={[r.max(1000)]}>
            <Input.TextArea rows={3} showCount maxLength={1000} />
          </Form.Item>
        </>
      );
    case 'supplyInformation':
      return (
        <>
          <Form.Item name="content" label={t('field.content')} rules={[r.check(checkC3), r.max(5000)]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="demand" label={t('field.demand')} rules={[r.check(checkC3), r.max(2000)]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name={['complainant', 'name']} label={t('field.name')} rules={[r.max(100)]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name={['complainant', 'phone']} label={t('field.phone')} rules={[r.check(checkPhone)]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name={['complainant', 'idNumber']} label={t('field.idNumber')} rules={[r.check(checkIdNumber)]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name={['complainant', 'email']} label={t('field.email')} rules={[r.check(checkEmail)]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="note" label={t('field.note')} rules={[r.max(2000)]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'extendDeadline':
      return (
        <>
          <Form.Item name="level" label={t('field.extensionLevel')} rules={[r.required]} extra={t('action.extend.hint')}>
            <Radio.Group
              options={[
                { value: 1, label: t('action.extend.level1'), disabled: complaint.extensionLevel >= 1 },
                { value: 2, label: t('action.extend.level2'), disabled: complaint.extensionLevel < 1 },
              ]}
            />
          </Form.Item>
          {reason(t('field.extensionReason'))}
        </>
      );
    case 'approveExtension':
      return (
        <>
          <Form.Item name="approved" label={t('field.approval')} rules={[r.required]}>
            <Radio.Group
              options={[
                { value: 'yes', label: t('action.approve.yes') },
                { value: 'no', label: t('action.approve.no') },
              ]}
              data-testid="field-approved"
            />
          </Form.Item>
          <Form.Item name="note" label={t('field.approvalNote')} rules={[r.max(1000)]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
    case 'recordDecision':
      return (
        <>
          <Form.Item name="outcome" label={t('field.outcome')} rules={[r.required]}>
            <Radio.Group optionType="button" options={OUTCOME_VALUES.map((o) => ({ value: o, label: te('outcome', o) }))} />
          </Form.Item>
          <Form.Item name="factsChecked" label={t('field.factsChecked')} rules={[r.required, r.max(5000)]}>
            <Input.TextArea rows={3} showCount maxLength={5000} data-testid="field-factsChecked" />
          </Form.Item>
          <Form.Item name="basisAndReasons" label={t('field.basisAndReasons')} rules={[r.required, r.max(5000)]}>
            <Input.TextArea rows={3} showCount maxLength={5000} data-testid="field-basisAndReasons" />
          </Form.Item>
          <Form.Item name="remedy" label={t('field.remedy')} rules={[r.required, r.max(2000)]}>
            <Input.TextArea rows={2} showCount maxLength={2000} data-testid="field-remedy" />
          </Form.Item>
          <Form.Item name="remedyTypes" label={t('field.remedyTypes')}>
            <Checkbox.Group options={REMEDY_TYPES.map((x) => ({ value: x, label: te('remedyType', x) }))} />
          </Form.Item>
          <Form.Item name="refundAmount" label={t('field.refundAmount')}>
            <InputNumber<number> min={0} max={1e12} precision={2} prefix="¥" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="remediesOpen" label={t('field.remediesOpen')} rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]} extra={t('action.decision.remediesHint')}>
            <Checkbox.Group options={REMEDY_OPEN_VALUES.map((x) => ({ value: x, label: te('remedyOpen', x) }))} />
          </Form.Item>
        </>
      );
    case 'sendResultFeedback':
      return (
        <>
          <Form.Item name="channel" label={t('field.feedbackChannel')} rules={[r.required]} extra={complaint.major ? t('action.feedback.majorHint') : undefined}>
            <Radio.Group optionType="button" options={FEEDBACK_CHANNEL_VALUES.map((x) => ({ value: x, label: te('feedbackChannel', x) }))} />
          </Form.Item>
          <Form.Item name="notifiedAt" label={t('field.notifiedAt')} extra={t('action.feedback.notifiedHint')}>
            <Input type="datetime-local" />
          </Form.Item>
        </>
      );
    case 'recordSatisfaction':
      return (
        <>
          <Form.Item name="level" label={t('field.satisfaction')} rules={[r.required]}>
            <Radio.Group optionType="button" options={SATISFACTION_VALUES.map((x) => ({ value: x, label: te('satisfaction', x) }))} />
          </Form.Item>
          {SATISFACTION_DIMENSION_VALUES.map((d) => (
            <Form.Item key={d} name={['scores', d]} label={te('satisfactionDim', d)}>
              <Rate />
            </Form.Item>
          ))}
          <Form.Item name="comment" label={t('field.comment')} rules={[r.max(1000)]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
    case 'requestReview':
      return (
        <>
          {reason(t('field.reviewReason'))}
          <Form.Item name="receivedAt" label={t('field.reviewReceivedAt')}>
            <Input type="datetime-local" />
          </Form.Item>
        </>
      );
    case 'decideReview':
      return (
        <>
          <Form.Item name="result" label={t('field.reviewResult')} rules={[r.required]}>
            <Radio.Group optionType="button" options={['maintained', 'revised'].map((x) => ({ value: x, label: te('reviewResult', x) }))} />
          </Form.Item>
          <Form.Item name="reasons" label={t('field.reviewReasons')} rules={[r.required, r.max(5000)]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: { result?: string }, b: { result?: string }) => a.result !== b.result}>
            {({ getFieldValue }) =>
              getFieldValue('result') === 'revised' ? (
                <>
                  <Form.Item name="outcome" label={t('field.outcome')} rules={[r.required]}>
                    <Radio.Group optionType="button" options={OUTCOME_VALUES.map((o) => ({ value: o, label: te('outcome', o) }))} />
                  </Form.Item>
                  <Form.Item name="remedy" label={t('field.remedy')} rules={[r.max(2000)]}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </>
              ) : null
            }
          </Form.Item>
        </>
      );
    case 'recordFollowUp':
      return (
        <>
          <Form.Item name="reached" label={t('field.reached')} rules={[r.required]}>
            <Radio.Group
              options={[
                { value: 'yes', label: t('action.followUp.reached') },
                { value: 'no', label: t('action.followUp.notReached') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('field.followUpNote')} rules={[r.max(2000)]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'closeComplaint':
      return (
        <Form.Item name="reason" label={t('field.closeReason')} rules={[r.max(1000)]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      );
    case 'mergeComplaints':
      return (
        <>
          <Form.Item name="targetId" label={t('field.mergeTarget')} rules={[r.required, { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message: t('form.uuid') }]} extra={t('action.merge.hint')}>
            <Input />
          </Form.Item>
          <Form.Item name="reason" label={t('field.reason')} rules={[r.max(1000)]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}

/** Initial values of an action's form (current classification, handling unit, the remedies a notice must name …). */
export function initialValues(command: string, c: Complaint): Record<string, unknown> {
  switch (command) {
    case 'classifyComplaint':
      return {
        category: c.category ?? undefined,
        complexity: c.complexity ?? 'general',
        reasonCode: c.reasonCode ?? undefined,
        businessCode: c.businessCode ?? undefined,
        channelCode: c.channelCode ?? undefined,
        major: c.major,
        mass: c.mass,
      };
    case 'assignComplaint':
      return { handlingUnitId: c.handlingUnitId ?? c.orgUnitId ?? undefined, handlerId: c.handlerId ?? undefined };
    case 'extendDeadline':
      return { level: c.extensionLevel >= 1 ? 2 : 1 };
    case 'recordDecision':
      return { remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] };
    case 'sendResultFeedback':
      return { channel: c.major ? 'in_person' : 'phone' };
    default:
      return {};
  }
}
