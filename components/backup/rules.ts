/** Rules for the backup settings, each from the system that would refuse the value. */

/** robfig/cron v3's bounds and names, as its standard parser (ParseStandard) takes them. */
const CRON_FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
    { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];
const CRON_DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

function cronValue(text: string, f: (typeof CRON_FIELDS)[number]): number | undefined {
    const byName = f.names?.indexOf(text.toLowerCase()) ?? -1;
    if (byName >= 0) return byName + f.min;
    return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** One comma-separated part of a field: a value or "*", an optional "-" end, an optional "/" step. */
const CRON_PART = /^([^/-]+)(?:-([^/]+))?(?:\/(.+))?$/;

function checkCronField(field: string, f: (typeof CRON_FIELDS)[number]): string | undefined {
    for (const part of field.split(",")) {
        const m = CRON_PART.exec(part);
        if (!m) return `${f.name} "${part}" is not a value, a range or a step`;
        const [, first, last, step] = m;
        if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return `${f.name} step "${step}" must be a positive number`;
        if ((first === "*" || first === "?") && last === undefined) continue;
        const lo = cronValue(first, f);
        const hi = last === undefined ? lo : cronValue(last, f);
        if (lo === undefined || hi === undefined) return `${f.name} "${part}" is not a number or name`;
        if (lo < f.min || hi > f.max) return `${f.name} "${part}" is outside ${f.min}-${f.max}`;
        if (lo > hi) return `${f.name} "${part}" starts after it ends`;
    }
    return undefined;
}

/** The values a field's parts select, for a field that passed checkCronField. */
function cronSet(field: string, f: (typeof CRON_FIELDS)[number]): Set<number> {
    const out = new Set<number>();
    for (const part of field.split(",")) {
        const [, first, last, step] = CRON_PART.exec(part) ?? [];
        const star = first === "*" || first === "?";
        const lo = star ? f.min : (cronValue(first, f) ?? f.min);
        const hi = last !== undefined ? (cronValue(last, f) ?? f.max) : star || step !== undefined ? f.max : lo;
        for (let v = lo; v <= hi; v += Number(step ?? 1)) out.add(v);
    }
    return out;
}

/** Days in each month, February's in a leap year (a schedule on the 29th fires then). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Go's time.ParseDuration units, in seconds. */
const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** The seconds of a Go duration such as `1h30m`, as `@every` takes it. */
function durationSeconds(duration: string): number {
    return [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce((t, m) => t + Number(m[1]) * DURATION_UNITS[m[2]], 0);
}

/**
 * A CronJob schedule as Kubernetes takes it: robfig/cron v3's ParseStandard
 * (five fields, or a descriptor such as @daily or "@every 6h"), and no
 * TZ= or CRON_TZ= prefix, which Kubernetes refuses in favour of
 * spec.timeZone (kubernetes pkg/apis/batch/validation, validateScheduleFormat).
 * A descriptor must match exactly (robfig's parseDescriptor), so no spaces
 * around it either. Refused beyond that, though robfig parses them: a
 * schedule that never fires (a day of the month that none of its months has,
 * when the day of the week is "*": robfig then matches the day of the month
 * alone) and "@every" under a minute, a dump on top of the last one.
 */
export function checkCronSchedule(value: string): string | undefined {
    if (value !== value.trim()) return `"${value}" has spaces around it; write it without them`;
    if (/^(CRON_)?TZ=/.test(value)) return `"${value}" sets a time zone, which Kubernetes refuses; schedules run in UTC`;
    if (value.startsWith("@")) {
        if (CRON_DESCRIPTORS.includes(value)) return undefined;
        const every = /^@every ((\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/.exec(value);
        if (!every) return `"${value}" is not a cron descriptor (${CRON_DESCRIPTORS.join(", ")}, @every <duration>)`;
        return durationSeconds(every[1]) < 60
            ? `"${value}" is shorter than a minute; a backup would start before the last one ends`
            : undefined;
    }
    const fields = value.split(/\s+/);
    if (fields.length !== 5) return `"${value}" has ${fields.length} fields; a schedule has 5: minute hour day-of-month month day-of-week`;
    for (let i = 0; i < 5; i++) {
        const problem = checkCronField(fields[i], CRON_FIELDS[i]);
        if (problem) return `"${value}": ${problem}`;
    }
    if (fields[4] === "*" || fields[4] === "?") {
        const days = cronSet(fields[2], CRON_FIELDS[2]);
        const fires = [...cronSet(fields[3], CRON_FIELDS[3])].some((month) => [...days].some((d) => d <= MONTH_DAYS[month - 1]));
        if (!fires) return `"${value}" never fires: none of its months has that day`;
    }
    return undefined;
}

/** What the descriptors' fixed gaps are, in seconds (robfig/cron v3 parseDescriptor); @monthly and @yearly at their longest. */
const DESCRIPTOR_GAPS: Record<string, number> = {
    "@hourly": 3600,
    "@daily": 86400,
    "@midnight": 86400,
    "@weekly": 7 * 86400,
    "@monthly": 31 * 86400,
    "@yearly": 366 * 86400,
    "@annually": 366 * 86400,
};

/**
 * The longest time, in seconds, between two runs of a schedule that passed
 * checkCronSchedule, in UTC: how long a missing backup can go unnoticed. Five
 * fields are walked day by day over four years (a leap day's schedule
 * included), with robfig's rule for the two day fields: when both are
 * restricted, a day matching either fires.
 */
export function scheduleLongestGapSeconds(schedule: string): number {
    if (schedule.startsWith("@every ")) return durationSeconds(schedule.slice("@every ".length));
    if (schedule.startsWith("@")) return DESCRIPTOR_GAPS[schedule];
    const f = schedule.split(/\s+/);
    const sets = f.map((field, i) => cronSet(field, CRON_FIELDS[i]));
    const times = [...sets[1]].flatMap((h) => [...sets[0]].map((m) => h * 60 + m)).sort((a, b) => a - b);
    const anyDom = f[2] === "*" || f[2] === "?";
    const anyDow = f[4] === "*" || f[4] === "?";
    let longest = 0;
    for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
    let lastDay: number | undefined;
    const start = Date.UTC(2024, 0, 1);
    for (let day = 0; day < 4 * 366; day++) {
        const date = new Date(start + day * 86400_000);
        const dom = sets[2].has(date.getUTCDate());
        const dow = sets[4].has(date.getUTCDay());
        const fires = sets[3].has(date.getUTCMonth() + 1) && (anyDom ? dow : anyDow ? dom : dom || dow);
        if (!fires) continue;
        if (lastDay !== undefined) longest = Math.max(longest, (day - lastDay) * 1440 + times[0] - times[times.length - 1]);
        lastDay = day;
    }
    return longest * 60;
}

/**
 * A general purpose S3 bucket's name (Amazon S3 User Guide, "General purpose
 * bucket naming rules"): 3 to 63 characters of lowercase letters, digits,
 * dots and hyphens; a letter or digit at each end; no two dots side by side;
 * not an IP address; none of the reserved prefixes and suffixes.
 */
export function checkBucketName(value: string): string | undefined {
    if (value.length < 3 || value.length > 63) return `"${value}" must be 3 to 63 characters long`;
    if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value)) {
        return `"${value}" may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit`;
    }
    if (value.includes("..")) return `"${value}" must not have two dots side by side`;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return `"${value}" must not look like an IP address`;
    const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => value.startsWith(p));
    if (prefix) return `"${value}" must not begin with "${prefix}", which S3 reserves`;
    const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((p) => value.endsWith(p));
    if (suffix) return `"${value}" must not end with "${suffix}", which S3 reserves`;
    return undefined;
}

/** S3 lifecycle expiration: a whole, positive number of days (S3 API Reference, LifecycleExpiration.Days). */
export const MAX_RETENTION_DAYS = 36500;
