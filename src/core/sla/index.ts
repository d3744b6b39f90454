// Public surface of the SLA engine: working-day calendar, policies, deadlines, levels.
export * from './time.ts';
export {
  type Calendar,
  type CalendarData,
  type CalendarOptions,
  type CalendarYearData,
  type DayKind,
  type WorkingDaysResult,
  type WorkingDaysBetweenResult,
  createCalendar,
  dayKind,
  isCovered,
  isWorkingDay,
  addWorkingDays,
  addCalendarDays,
  workingDaysBetween,
} from './calendar.ts';
export { CN_CALENDAR_DATA, DEFAULT_CALENDAR } from './calendar-data.ts';
export * from './calendar-import.ts';
export * from './policies.ts';
export * from './deadlines.ts';
export { type Binding, type Bilingual, type SlaWarning, type SlaWarningCode, STEP_LABELS, BINDING_LABELS } from './explain.ts';
