// Text formatting. The shell already sends times in the conference's time zone ("2023-04-18",
// "10:00", RFC 3339 with offset), so nothing here converts time zones: we only read the digits.
// Names are English and fixed, so labels do not depend on the machine's locale.

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** Split "YYYY-MM-DD" into numbers plus its weekday (computed on the calendar, not in a zone). */
function parseDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day || '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return { y, mo, d, weekday };
}

/** "2023-04-18" → "Tuesday 18 April 2023" */
export function dayLabel(day) {
  const p = parseDay(day);
  if (!p) return day || '';
  return `${WEEKDAYS[p.weekday]} ${p.d} ${MONTHS[p.mo - 1]} ${p.y}`;
}

/** "2023-04-18" → "Tue 18 Apr" */
export function shortDayLabel(day) {
  const p = parseDay(day);
  if (!p) return day || '';
  return `${WEEKDAYS[p.weekday].slice(0, 3)} ${p.d} ${MONTHS[p.mo - 1].slice(0, 3)}`;
}

/** Conference dates: "18–19 April 2023", "30 April – 2 May 2023", "18 April 2023". */
export function dateRange(from, to) {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a) return to || '';
  if (!b || (a.y === b.y && a.mo === b.mo && a.d === b.d)) return `${a.d} ${MONTHS[a.mo - 1]} ${a.y}`;
  if (a.y === b.y && a.mo === b.mo) return `${a.d}–${b.d} ${MONTHS[b.mo - 1]} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${MONTHS[a.mo - 1]} – ${b.d} ${MONTHS[b.mo - 1]} ${b.y}`;
  return `${a.d} ${MONTHS[a.mo - 1]} ${a.y} – ${b.d} ${MONTHS[b.mo - 1]} ${b.y}`;
}

/** Session time range "10:00–11:30". */
export function timeRange(session) {
  return `${session.start}–${session.end}`;
}

/** "America/New_York" → "New York": the short name shown beside a second clock. */
export function zoneCity(zone) {
  const last = String(zone || '').split('/').pop();
  return last.replace(/_/g, ' ');
}

/** RFC 3339 timestamp (already in conference time) → "Tue 18 Apr 10:42", read literally. */
export function stamp(rfc3339) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})/.exec(rfc3339 || '');
  if (!m) return rfc3339 || '';
  return `${shortDayLabel(m[1])} ${m[2]}:${m[3]}`;
}

/**
 * An instant the engine gives in UTC ("2026-11-30T15:06:17Z"), shown like `stamp` in the conference's
 * time zone `zone` (an IANA name), as every other time in the app; unreadable: the text as it came.
 */
export function stampIn(utc, zone) {
  const instant = new Date(utc || '');
  if (Number.isNaN(instant.getTime())) return utc || '';
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(instant);
  } catch {
    return stamp(utc);
  }
  const part = (type) => (parts.find((p) => p.type === type) || {}).value || '';
  return stamp(`${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`);
}

/** One line for the header: "Title · 18–19 April 2023 · Hofburg, Vienna". */
export function conferenceLine(c) {
  const place = [c.venue, c.city].filter(Boolean).join(', ');
  return [c.title, dateRange(c.starts_on, c.ends_on), place].filter(Boolean).join(' · ');
}

// ---- The words shown for the engine's codes (one table each; the views import them) ----------

/** Session kinds. */
export const KIND_LABELS = {
  opening: 'Opening',
  plenary: 'Plenary',
  panel: 'Panel',
  'side-event': 'Side event',
  break: 'Break',
  closing: 'Closing',
  other: 'Other',
};

/** Session priorities, in the order offered to the user. */
export const PRIORITY_LABELS = {
  must: 'Must',
  should: 'Should',
  optional: 'Optional',
  skip: 'Skip',
};

/** Priority codes, most important first. */
export const PRIORITIES = Object.keys(PRIORITY_LABELS);

/** Session statuses. */
export const STATUS_LABELS = {
  scheduled: 'Scheduled',
  cancelled: 'Cancelled',
};

/** Roles in the order offered to the user, with a line saying what each means. */
export const ROLES = [
  { code: 'lead', label: 'Lead', hint: 'speaks for the delegation' },
  { code: 'attend', label: 'Attend', hint: 'attends and follows' },
  { code: 'speak', label: 'Speak', hint: 'takes the floor' },
  { code: 'notes', label: 'Notes', hint: 'writes the notes' },
];

/** Role code → label. */
export const ROLE_LABELS = Object.fromEntries(ROLES.map((r) => [r.code, r.label]));

/** Note kinds, in the order offered to the user. */
export const NOTE_KINDS = [
  { code: 'observation', label: 'Observation' },
  { code: 'good-practice', label: 'Good practice' },
  { code: 'commitment', label: 'Commitment' },
  { code: 'question', label: 'Question' },
  { code: 'intervention', label: 'Our intervention' },
  { code: 'follow-up', label: 'Follow-up' },
];

/** Note kind code → label. */
export const NOTE_KIND_LABELS = Object.fromEntries(NOTE_KINDS.map((k) => [k.code, k.label]));

/** "1 assigned", "3 assigned"; "Not covered" when nobody is. */
export function coverageLabel(session) {
  const n = (session.assignments || []).length;
  return n === 0 ? 'Not covered' : `${n} assigned`;
}

/** "Anna Berger (lead), Jonas Weber (attend)" */
export function assignmentNames(session) {
  return (session.assignments || []).map((a) => `${a.member_name} (${a.role})`).join(', ');
}

/** Group sessions by their `day` (days in calendar order; sessions keep their order). */
export function groupByDay(sessions, days) {
  const groups = new Map();
  for (const d of days || []) groups.set(d, []);
  for (const s of sessions) {
    if (!groups.has(s.day)) groups.set(s.day, []);
    groups.get(s.day).push(s);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length > 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([day, list]) => ({ day, sessions: list }));
}

/** Lower case without diacritics, for matching what is typed against a reference list. */
export function fold(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}
