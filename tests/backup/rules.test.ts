/** The backup settings' rules, against what Kubernetes' cron parser and S3's naming rules accept. */
import * as assert from "node:assert/strict";
import { BACKUP_SCRIPT, RESTORE_SCRIPT, checkBucketName, checkCronSchedule, scheduleLongestGapSeconds } from "../../components";
import { spawnSync } from "node:child_process";

describe("backup rules", () => {
    it("accepts the schedules robfig/cron's standard parser accepts", () => {
        for (const s of [
            "17 3 * * *",
            "*/15 * * * *",
            "0 3 * * MON-FRI",
            "0 0 1 jan,jul *",
            "5 4 * * sun",
            "0 0-23/6 * * *",
            "@daily",
            "@hourly",
            "@every 6h",
            "0 3 ? * *",
            "@every 1h30m",
            "@every 1m",
            "0 4 29 2 *", // fires on leap days
            "0 4 31 2,3 *", // fires in March
            "0 4 30 2 MON", // a day of the week as well: robfig fires on either
            "0 4 */10 feb *",
        ]) {
            assert.equal(checkCronSchedule(s), undefined, s);
        }
    });

    it("knows the longest wait between two runs of a schedule, which the missing-backup alarm must outlast", () => {
        const h = 3600;
        for (const [schedule, gap] of [
            ["17 3 * * *", 24 * h],
            ["30 1,13 * * *", 12 * h],
            ["0 */6 * * *", 6 * h],
            ["0 3 * * MON-FRI", 72 * h], // Friday to Monday
            ["0 3 * * sun", 168 * h],
            ["0 3 1 * *", 31 * 24 * h], // the 1st of a 31-day month to the next 1st
            ["0 3 1 * sun", 7 * 24 * h], // either day field: robfig fires on the 1st and on Sundays
            ["@daily", 24 * h],
            ["@every 1h30m", 1.5 * h],
            ["@weekly", 168 * h],
        ] as const) {
            assert.equal(scheduleLongestGapSeconds(schedule), gap, schedule);
        }
    });

    it("refuses schedules that never fire, fire every second, or carry spaces Kubernetes would keep", () => {
        assert.match(checkCronSchedule("0 4 31 4,6,9,11 *") ?? "", /never fires/);
        assert.match(checkCronSchedule("0 4 30-31 feb ?") ?? "", /never fires/);
        assert.match(checkCronSchedule("@every 59s") ?? "", /shorter than a minute/);
        assert.match(checkCronSchedule("@every 500ms") ?? "", /shorter than a minute/);
        assert.match(checkCronSchedule(" 17 3 * * *") ?? "", /spaces around/);
    });

    it("refuses what it refuses, and a time zone in the schedule, which Kubernetes refuses", () => {
        for (const s of [
            "",
            "17 3 * *",
            "0 17 3 * * *",
            "60 3 * * *",
            "0 3 32 * *",
            "0 3 * 13 *",
            "0 3 * * 7",
            "0 5-2 * * *",
            "*/0 * * * *",
            "@fortnightly",
            "CRON_TZ=UTC 0 3 * * *",
            "0 3 * * funday",
        ]) {
            assert.ok(checkCronSchedule(s), s);
        }
    });

    it("accepts S3 bucket names by the general purpose naming rules, and refuses the rest", () => {
        for (const n of ["abc", "my-company-db-backups", "backups.example.com", "a".repeat(63)])
            assert.equal(checkBucketName(n), undefined, n);
        for (const n of [
            "ab",
            "a".repeat(64),
            "My-Backups",
            "backups_2026",
            "-backups",
            "backups-",
            "a..b",
            "192.168.1.1",
            "xn--backups",
            "sthree-x",
            "amzn-s3-demo-x",
            "x-s3alias",
            "x--ol-s3",
            "x.mrap",
            "x--x-s3",
            "x--table-s3",
        ]) {
            assert.ok(checkBucketName(n), n);
        }
    });

    it("the scripts are valid bash", () => {
        for (const script of [BACKUP_SCRIPT, RESTORE_SCRIPT]) {
            const res = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
            assert.equal(res.status, 0, res.stderr);
        }
    });
});
