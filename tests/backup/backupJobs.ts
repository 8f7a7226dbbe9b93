/**
 * The backup CronJobs as the program renders them, and a way to run their
 * pods for real: PostgreSQL servers, a local S3 API and the AWS CLI v2, with
 * mocha hooks that start and stop them for the calling block.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DbBackup, postgresPodSelector } from "../../components";
import { one, reveal } from "../harness";
import { evaluate, realPostgres, withClient } from "../database/bootstrap";
import { PostgresServer, findPgBinDir } from "../database/postgresServer";
import { Pod, podVolumes, runPod } from "../podRunner";
import { localS3, realAwsCli } from "./realS3";
import { tempDir } from "../scratch";

export const BUCKET = "backup-bucket-0a1b2c3"; // the name the mock gives the created bucket
export const NAMESPACE = "my-cool-app";

/** Registers the block's servers; returns what runs the jobs. */
export function backupJobs() {
    const newServer = realPostgres();
    const awsCliDir = realAwsCli();
    const s3 = localS3(BUCKET);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    /** A Job of the CronJob: a fresh pod (empty volumes), its init container, then its container if that succeeded. */
    function runJob(
        pod: Pod,
        scripts: Record<string, string>,
        server: PostgresServer,
        secrets: Record<string, string>,
        env: Record<string, string> = {},
    ) {
        const root = tempDir("job");
        dirs.push(root);
        assert.ok(
            pod.volumes.some((v) => v.name === "work" && v.emptyDir),
            "the dump lives in an emptyDir",
        );
        return runPod(pod, podVolumes(pod, scripts, root), secrets, {
            // What differs outside the cluster: the Service's name, the credentials Pod Identity would give, the S3 API.
            PGHOST: "127.0.0.1",
            PGPORT: String(server.port),
            AWS_ACCESS_KEY_ID: "S3RVER",
            AWS_SECRET_ACCESS_KEY: "S3RVER",
            AWS_S3_ENDPOINT_URL: s3().endpoint,
            AWS_EC2_METADATA_DISABLED: "true",
            PATH: [findPgBinDir(), awsCliDir(), process.env.PATH].join(path.delimiter),
            ...env,
        });
    }

    const rows = (url: string, password: string) =>
        withClient(url, async (c) => (await c.query("SELECT id, title, author, description FROM books ORDER BY id")).rows, password);

    /** The database and its backups as the program renders them: the pods' scripts, the Secret's values, each CronJob's pod. */
    async function renderBackups(options: { metrics?: boolean } = {}) {
        const b = await evaluate({}, (db, provider) => {
            new DbBackup(
                "backup",
                {
                    namespace: NAMESPACE,
                    identity: { clusterName: "c", identityMode: "podIdentity", ready: [] },
                    database: db,
                    databasePeer: { podSelector: postgresPodSelector("db") },
                    dbImage: "postgres:17.6",
                    metrics: options.metrics,
                },
                { provider },
            );
        });
        const podOf = (name: string): Pod => reveal(one("kubernetes:batch/v1:CronJob", name).inputs).spec.jobTemplate.spec.template.spec;
        return {
            b,
            scripts: reveal(one("kubernetes:core/v1:ConfigMap", "backup-scripts").inputs).data as Record<string, string>,
            secrets: reveal(one("kubernetes:core/v1:Secret", "db-secret").inputs).stringData as Record<string, string>,
            backupPod: podOf("backup-cronjob"),
            restorePod: podOf("backup-restore-cronjob"),
        };
    }
    return { newServer, awsCliDir, s3, dirs, runJob, renderBackups, rows };
}
