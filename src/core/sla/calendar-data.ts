// The shipped working-day calendar (2024–2026), as a constant: no file system access at run time.
import shipped from '../../../data/calendar/cn-2024-2026.json' with { type: 'json' };
import { type Calendar, type CalendarData, createCalendar } from './calendar.ts';

export const CN_CALENDAR_DATA: CalendarData = shipped;

/** The default calendar: shipped data, adjusted working days (调休) worked. */
export const DEFAULT_CALENDAR: Calendar = createCalendar(CN_CALENDAR_DATA);
