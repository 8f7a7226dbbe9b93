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

function checkCronField(field: string, f: (typeof CRON_FIELDS)[number]): string | undefined {
    for (const part of field.split(",")) {
        const m = /^([^/-]+)(?:-([^/]+))?(?:\/(.+))?$/.exec(part);
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

/**
 * A CronJob schedule as Kubernetes takes it: robfig/cron v3's ParseStandard
 * (five fields, or a descriptor such as @daily or "@every 6h"), and no
 * TZ= or CRON_TZ= prefix, which Kubernetes refuses in favour of
 * spec.timeZone (kubernetes pkg/apis/batch/validation, validateScheduleFormat).
 */
export function checkCronSchedule(value: string): string | undefined {
    const s = value.trim();
    if (/^(CRON_)?TZ=/.test(s)) return `"${value}" sets a time zone, which Kubernetes refuses; schedules run in UTC`;
    if (s.startsWith("@")) {
        if (CRON_DESCRIPTORS.includes(s)) return undefined;
        if (/^@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return undefined;
        return `"${value}" is not a cron descriptor (${CRON_DESCRIPTORS.join(", ")}, @every <duration>)`;
    }
    const fields = s.split(/\s+/);
    if (fields.length !== 5) return `"${value}" has ${fields.length} fields; a schedule has 5: minute hour day-of-month month day-of-week`;
    for (let i = 0; i < 5; i++) {
        const problem = checkCronField(fields[i], CRON_FIELDS[i]);
        if (problem) return `"${value}": ${problem}`;
    }
    return undefined;
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
