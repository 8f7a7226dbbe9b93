/**
 * Aurora's bootstrap Job and the move from the in-cluster database, on real
 * PostgreSQL servers: one bootstrapped as the in-cluster database is, one
 * standing in for Aurora, with a master user that is not a superuser (as
 * Aurora's is not), which the bootstrap Job's rendered script sets up.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import { AuroraDb, BACKUP_SCRIPT, RESTORE_SCRIPT } from "../../components";
import { one, reveal } from "../harness";
import { Pod, podVolumes, runPod } from "../podRunner";
import { assertAppRole, atServer, evaluate, realPostgres, withClient } from "../database/bootstrap";
import { findPgBinDir } from "../database/postgresServer";
import { resetRegistrations, settle } from "../harness";
import { tempDir } from "../scratch";

// A password as RDS might generate it, with what JSON must escape.
const MASTER = { username: "aurora_admin", password: `m4st3r\\"pa$$'w%rd\`é` };

describe("Aurora's bootstrap, and a move from the in-cluster database, on real PostgreSQL servers", function () {
    this.timeout(60_000);
    const newServer = realPostgres();
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const tmp = () => {
        const d = tempDir("aurora");
        dirs.push(d);
        return d;
    };
    const pgPath = () => [findPgBinDir(), process.env.PATH].join(path.delimiter);

    it("the bootstrap Job makes the app's role and database as the master user; the in-cluster data moves across with the backup scripts", async () => {
        // The in-cluster database, as the app leaves it.
        const b = await evaluate({});
        const source = newServer();
        await source.boot(b.containerEnv, b.initFiles);
        const sourceUrl = atServer(b.appUrl, source);
        await withClient(
            sourceUrl,
            async (c) => {
                await c.query("CREATE TABLE books (id SERIAL PRIMARY KEY, title VARCHAR, author VARCHAR, description VARCHAR)");
                await c.query(
                    "INSERT INTO books (title, author) VALUES ('Database Internals', 'Alex Petrov'), ('Release It!', 'Michael Nygard')",
                );
            },
            b.appPassword,
        );

        // The Aurora side, as AuroraDb renders it.
        resetRegistrations();
        const provider = new k8s.Provider("k8s", {});
        new AuroraDb(
            "aurora",
            {
                namespace: "my-cool-app",
                vpcId: "vpc-0123456789abcdef0",
                subnetIds: ["subnet-0a", "subnet-0b"],
                clientSecurityGroupId: "sg-0123",
                identity: { clusterName: "c", identityMode: "podIdentity", ready: [] },
            },
            { provider },
        );
        await settle();
        const pod: Pod = reveal(one("kubernetes:batch/v1:Job", "aurora-bootstrap").inputs).spec.template.spec;
        const scripts = reveal(one("kubernetes:core/v1:ConfigMap", "aurora-bootstrap-scripts").inputs).data;
        const credentials = reveal(one("kubernetes:core/v1:Secret", "aurora-credentials").inputs).stringData;

        // A server with a master user that may create roles and databases, and is no superuser.
        const aurora = newServer();
        await aurora.boot({ POSTGRES_PASSWORD: "unused-superuser-password" }, []);
        const su = spawnSync(
            "psql",
            ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-U", "postgres", "-d", "postgres", "-v", `pw=${MASTER.password}`],
            {
                env: aurora.clientEnv({ POSTGRES_PASSWORD: "" }),
                input: `CREATE ROLE ${MASTER.username} LOGIN CREATEROLE CREATEDB PASSWORD :'pw';\n`,
                encoding: "utf8",
            },
        );
        assert.equal(su.status, 0, su.stderr);

        // The Job: the download step's file, as Secrets Manager hands the secret over, then the bootstrap container.
        const mounts = podVolumes(pod, scripts, tmp());
        fs.writeFileSync(path.join(mounts.secret, "master.json"), JSON.stringify(MASTER));
        const [bootstrap] = pod.containers;
        // What differs here: the endpoint, and TLS (Aurora requires it; this server has none).
        const env = { PGHOST: "127.0.0.1", PGPORT: String(aurora.port), PGSSLMODE: "disable", PATH: pgPath() };
        const ran = runPod({ ...pod, initContainers: [], containers: [bootstrap] }, mounts, credentials, env);
        assert.ok(ran.ok, ran.log);
        assert.match(ran.log, /the app's role and database are ready/);
        assert.doesNotMatch(ran.log, /m4st3r/, "the master password is not printed");
        const auroraUrl = `postgresql://${credentials.WORKSHOP_POSTGRES_USER}@127.0.0.1:${aurora.port}/${credentials.WORKSHOP_POSTGRES_DB}`;
        await assertAppRole(auroraUrl, "bookdbadmin", "bookstore", credentials.WORKSHOP_POSTGRES_PASSWORD);
        await withClient(auroraUrl, (c) => c.query("DROP TABLE books"), credentials.WORKSHOP_POSTGRES_PASSWORD);
        // A new password (the Job is replaced when its Secret changes): the run sets it in Aurora, as the
        // master user, who is no superuser; the old password is refused from then on.
        const rotated = { ...credentials, WORKSHOP_POSTGRES_PASSWORD: `rotated ${MASTER.password}` };
        const rerun = runPod({ ...pod, initContainers: [], containers: [bootstrap] }, mounts, rotated, env);
        assert.ok(rerun.ok, rerun.log);
        const whoami = await withClient(
            auroraUrl,
            async (c) => (await c.query("SELECT current_user AS u")).rows[0].u,
            rotated.WORKSHOP_POSTGRES_PASSWORD,
        );
        assert.equal(whoami, "bookdbadmin");
        await assert.rejects(
            withClient(auroraUrl, (c) => c.query("SELECT 1"), credentials.WORKSHOP_POSTGRES_PASSWORD),
            /password authentication failed/,
        );
        credentials.WORKSHOP_POSTGRES_PASSWORD = rotated.WORKSHOP_POSTGRES_PASSWORD;

        // The move: a dump of the in-cluster database with the backup's dump step, loaded with the restore's load step.
        const work = tmp();
        const asApp = (server: typeof source, password: string) => ({
            PATH: pgPath(),
            PGHOST: "127.0.0.1",
            PGPORT: String(server.port),
            PGUSER: "bookdbadmin",
            PGDATABASE: "bookstore",
            PGPASSWORD: password,
        });
        fs.writeFileSync(path.join(work, "backup.sh"), BACKUP_SCRIPT);
        fs.writeFileSync(path.join(work, "restore.sh"), RESTORE_SCRIPT);
        fs.mkdirSync(path.join(work, "dump"));
        const dump = spawnSync("bash", [path.join(work, "backup.sh"), "dump", path.join(work, "dump")], {
            env: asApp(source, b.appPassword),
            encoding: "utf8",
        });
        assert.equal(dump.status, 0, dump.stderr);
        const [file] = fs.readdirSync(path.join(work, "dump"));
        fs.renameSync(path.join(work, "dump", file), path.join(work, "dump", "restore.dump"));
        const load = spawnSync("bash", [path.join(work, "restore.sh"), "load", path.join(work, "dump")], {
            env: asApp(aurora, credentials.WORKSHOP_POSTGRES_PASSWORD),
            encoding: "utf8",
        });
        assert.equal(load.status, 0, load.stderr);
        const rows = (url: string, pw: string) =>
            withClient(url, async (c) => (await c.query("SELECT id, title, author FROM books ORDER BY id")).rows, pw);
        assert.deepEqual(await rows(auroraUrl, credentials.WORKSHOP_POSTGRES_PASSWORD), await rows(sourceUrl, b.appPassword));
        const owner = await withClient(
            auroraUrl,
            async (c) => (await c.query("SELECT tableowner FROM pg_tables WHERE tablename = 'books'")).rows[0].tableowner,
            credentials.WORKSHOP_POSTGRES_PASSWORD,
        );
        assert.equal(owner, "bookdbadmin", "the app's own role owns what moved");
    });
});
