/**
 * The backup and restore that the program renders, run for real: the
 * CronJobs' containers (their commands, env and mounts, from the registered
 * objects) against real PostgreSQL servers, a local S3 API and the AWS CLI v2,
 * and the backup's metrics against a local stand-in for CloudWatch.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { atServer, withClient } from "../database/bootstrap";
import { PostgresServer, findPgBinDir } from "../database/postgresServer";
import { BACKUP_METRICS_NAMESPACE } from "../../components";
import { BUCKET, NAMESPACE, backupJobs } from "./backupJobs";
import { localCloudWatch } from "./localCloudWatch";
import { tempDir } from "../scratch";

// The app's table, as its SQLAlchemy model creates it (server/app/models.py: Book).
const APP_SCHEMA = `CREATE TABLE books (id SERIAL PRIMARY KEY, title VARCHAR, author VARCHAR, description VARCHAR);
CREATE INDEX ix_books_id ON books (id); CREATE INDEX ix_books_title ON books (title);
CREATE INDEX ix_books_author ON books (author); CREATE INDEX ix_books_description ON books (description);`;
const BOOKS = [
    ["Designing Data-Intensive Applications", "Martin Kleppmann", "Reliable, scalable, maintainable"],
    ["Site Reliability Engineering", "Betsy Beyer", "How Google runs production systems"],
    ["Kubernetes Up & Running", "Brendan Burns", "Dive into the future of infrastructure"],
];

describe("database backups to S3, and the restore, on real PostgreSQL servers and a local S3 API", function () {
    this.timeout(60_000);
    const { newServer, awsCliDir, s3, dirs, runJob, renderBackups, rows } = backupJobs();
    const cloudWatch = localCloudWatch();

    it("backs up the app's rows, restores the newest dump into a fresh server, refuses to overwrite unless forced, and restores a named dump from a laptop", async () => {
        // With the alarms' metrics (observability, by default).
        const { b, scripts, secrets, backupPod, restorePod } = await renderBackups({ metrics: true });

        // The app's server, with the app's rows.
        const source = newServer();
        await source.boot(b.containerEnv, b.initFiles);
        const sourceUrl = atServer(b.appUrl, source);
        await withClient(
            sourceUrl,
            async (c) => {
                await c.query(APP_SCHEMA);
                for (const book of BOOKS.slice(0, 2))
                    await c.query("INSERT INTO books (title, author, description) VALUES ($1, $2, $3)", book);
            },
            b.appPassword,
        );
        const first = runJob(backupPod, scripts, source, secrets, { AWS_CLOUDWATCH_ENDPOINT_URL: cloudWatch().endpoint });
        assert.ok(first.ok, first.log);
        // After the upload, one success and the dump's size, by Backup = <bucket>/<prefix>, for the missing-backup alarm.
        const calls = cloudWatch().calls();
        assert.deepEqual(
            calls.map((c) => c.operation),
            ["PutMetricData"],
            first.log,
        );
        const dims = [{ Name: "Backup", Value: `${BUCKET}/${NAMESPACE}` }];
        assert.deepEqual(calls[0].params, {
            Namespace: BACKUP_METRICS_NAMESPACE,
            MetricData: [
                { MetricName: "Succeeded", Value: 1, Unit: "Count", Dimensions: dims },
                { MetricName: "DumpBytes", Value: Number(/\((\d+) bytes\)/.exec(first.log)?.[1]), Unit: "Bytes", Dimensions: dims },
            ],
        });
        const firstRows = await rows(sourceUrl, b.appPassword);
        assert.equal(firstRows.length, 2);
        const uploads = (log: string) => [...log.matchAll(/uploaded s3:\/\/([^/]+)\/([^/]+)\/(\d{8}T\d{6}\.\d{3}Z-[a-z0-9.-]+\.dump)/g)];
        const [firstName] = uploads(first.log).map((m) => m[3]);
        assert.ok(firstName, first.log);

        // A fresh server, for later (a lost volume).
        const fresh = newServer();
        await fresh.boot(b.containerEnv, b.initFiles);
        const freshUrl = atServer(b.appUrl, fresh);

        // From a laptop through kubectl port-forward, the same script with both steps at once and a
        // named dump, against the app's database: it has tables, so the script refuses and changes nothing.
        const laptop = tempDir("laptop");
        dirs.push(laptop);
        fs.writeFileSync(path.join(laptop, "restore.sh"), scripts["restore.sh"]);
        const laptopEnv = (server: PostgresServer, extra: Record<string, string>) => ({
            PATH: [findPgBinDir(), awsCliDir(), process.env.PATH].join(path.delimiter),
            HOME: laptop,
            PGHOST: "127.0.0.1",
            PGPORT: String(server.port),
            PGUSER: secrets.WORKSHOP_POSTGRES_USER,
            PGDATABASE: secrets.WORKSHOP_POSTGRES_DB,
            PGPASSWORD: secrets.WORKSHOP_POSTGRES_PASSWORD,
            BACKUP_BUCKET: BUCKET,
            BACKUP_PREFIX: NAMESPACE,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "S3RVER",
            AWS_SECRET_ACCESS_KEY: "S3RVER",
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_S3_ENDPOINT_URL: s3().endpoint,
            ...extra,
        });
        const work = path.join(laptop, "work");
        fs.mkdirSync(work);
        const refused = spawnSync("bash", [path.join(laptop, "restore.sh"), work, firstName], {
            encoding: "utf8",
            env: laptopEnv(source, {}),
        });
        assert.equal(refused.status, 3, refused.stdout + refused.stderr);
        assert.match(refused.stderr, /refusing to restore: database bookstore has 1 tables; set RESTORE_FORCE=1 to replace them/);
        // Refused before anything is downloaded: a big dump is not fetched for nothing.
        assert.deepEqual(fs.readdirSync(work), []);
        const fetched = spawnSync("bash", [path.join(laptop, "restore.sh"), "download", work, firstName], {
            encoding: "utf8",
            env: laptopEnv(source, {}),
        });
        assert.equal(fetched.status, 0, fetched.stdout + fetched.stderr);
        assert.deepEqual(await rows(sourceUrl, b.appPassword), firstRows);

        // One more book, one more dump, at once: names are unique however close two dumps are.
        await withClient(
            sourceUrl,
            (c) => c.query("INSERT INTO books (title, author, description) VALUES ($1, $2, $3)", BOOKS[2]),
            b.appPassword,
        );
        // CloudWatch out of reach: the dump is safe in S3 by then, so the backup still succeeds, and says so. (An aws
        // that fails CloudWatch's calls as the CLI does, exit 255, and hands the rest to the real one: no second start-up.)
        const refusing = tempDir("no-cloudwatch");
        dirs.push(refusing);
        fs.writeFileSync(
            path.join(refusing, "aws"),
            `#!/bin/bash\nfor a in "$@"; do [ "$a" = cloudwatch ] && { echo "Could not connect to the endpoint URL" >&2; exit 255; }; done\nexec ${path.join(awsCliDir(), "aws")} "$@"\n`,
            { mode: 0o755 },
        );
        const second = runJob(backupPod, scripts, source, secrets, {
            PATH: [refusing, findPgBinDir(), awsCliDir(), process.env.PATH].join(path.delimiter),
        });
        assert.ok(second.ok, second.log);
        assert.match(second.log, new RegExp(`could not publish the backup's metrics to ${BACKUP_METRICS_NAMESPACE}`));
        const uploaded = uploads(`${first.log}${second.log}`);
        assert.deepEqual(
            uploaded.map((m) => [m[1], m[2]]),
            [
                [BUCKET, NAMESPACE],
                [BUCKET, NAMESPACE],
            ],
            "each dump goes to s3://<bucket>/<namespace>/<time>.dump",
        );
        const secondName = uploaded[1][3];
        assert.ok(firstName < secondName);
        assert.ok(
            fs.readdirSync(s3().dir, { recursive: true }).some((f) => String(f).includes(secondName)),
            "the dump is in the S3 store",
        );

        // On the fresh server, the restore Job puts the newest dump back.
        const restored = runJob(restorePod, scripts, fresh, secrets);
        assert.ok(restored.ok, restored.log);
        assert.match(restored.log, new RegExp(`downloaded ${secondName}`));
        assert.deepEqual(await rows(freshUrl, b.appPassword), await rows(sourceUrl, b.appPassword));
        assert.equal((await rows(freshUrl, b.appPassword)).length, 3);

        // Since then the app made a table of its own. A forced restore whose dump breaks off half-way fails,
        // and leaves the database exactly as it was: the drop and the load are one transaction.
        await withClient(
            freshUrl,
            (c) => c.query("CREATE TABLE reviews (id SERIAL PRIMARY KEY, body TEXT); INSERT INTO reviews (body) VALUES ('kept')"),
            b.appPassword,
        );
        const tablesOf = (url: string) =>
            withClient(
                url,
                async (c) =>
                    (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.tablename),
                b.appPassword,
            );
        // Cut in its table of contents (pg_restore writes nothing), or in its data (it stops inside a COPY).
        const whole = fs.readFileSync(path.join(work, "restore.dump"));
        for (const size of [100, Math.floor(whole.length * 0.8)]) {
            const broken = path.join(laptop, `broken-${size}`);
            fs.mkdirSync(broken);
            fs.writeFileSync(path.join(broken, "restore.dump"), whole.subarray(0, size));
            const half = spawnSync("bash", [path.join(laptop, "restore.sh"), "load", broken], {
                encoding: "utf8",
                env: laptopEnv(fresh, { RESTORE_FORCE: "1" }),
            });
            assert.notEqual(half.status, 0, `a dump cut at ${size} bytes fails the restore`);
            assert.deepEqual(await tablesOf(freshUrl), ["books", "reviews"]);
            assert.equal((await rows(freshUrl, b.appPassword)).length, 3);
        }

        // The laptop again, told to replace what is there: the named (older) dump it downloaded replaces the
        // newest, and the database is the dump's exactly: the table made since is gone.
        const forced = spawnSync("bash", [path.join(laptop, "restore.sh"), "load", work], {
            encoding: "utf8",
            env: laptopEnv(fresh, { RESTORE_FORCE: "1" }),
        });
        assert.equal(forced.status, 0, forced.stdout + forced.stderr);
        assert.deepEqual(await rows(freshUrl, b.appPassword), firstRows);
        assert.deepEqual(await tablesOf(freshUrl), ["books"], "nothing the dump does not hold survives a forced restore");
        // The app can still write: the restored sequence goes on from the dump's.
        await withClient(freshUrl, (c) => c.query("INSERT INTO books (title) VALUES ('new')"), b.appPassword);
        assert.deepEqual(
            (await rows(freshUrl, b.appPassword)).map((r) => r.id),
            [1, 2, 3],
        );
    });

    it("two dumps at the same instant, from two pods (the schedule's Job and one started by hand), get two names", async () => {
        const { b, scripts, secrets, backupPod: pod } = await renderBackups();
        const server = newServer();
        await server.boot(b.containerEnv, b.initFiles);
        // A clock that stands still: both dumps are made in the same millisecond.
        const clock = tempDir("clock");
        dirs.push(clock);
        fs.writeFileSync(path.join(clock, "date"), "#!/bin/sh\necho 20261125T031700.000Z\n", { mode: 0o755 });
        const dumpOnly = { ...pod, containers: [] };
        const names = ["db-backup-29400157-x7k2p", "db-backup-manual-1764817020-q9z4t"].map((hostname) => {
            const job = runJob(dumpOnly, scripts, server, secrets, {
                HOSTNAME: hostname,
                PATH: [clock, findPgBinDir(), process.env.PATH].join(path.delimiter),
            });
            assert.ok(job.ok, job.log);
            return /dumped database bookstore to (\S+)/.exec(job.log)?.[1];
        });
        assert.deepEqual(names, [
            "20261125T031700.000Z-db-backup-29400157-x7k2p.dump",
            "20261125T031700.000Z-db-backup-manual-1764817020-q9z4t.dump",
        ]);
    });
});
