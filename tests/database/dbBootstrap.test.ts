/**
 * The database bootstrap against a real PostgreSQL: the init script, the
 * Secret and the connection URL that PostgresDb and FastApiApp register,
 * run and used the way the postgres image and the app would.
 */
import * as assert from "node:assert/strict";
import { checkPgDatabaseName, checkPgRoleName } from "../../components";
import { assertAppRole, atServer, evaluate, realPostgres, withClient } from "./bootstrap";

describe("database bootstrap on a real PostgreSQL", function () {
    this.timeout(60_000);
    const newServer = realPostgres();

    it("with generated passwords: the app's URL reaches its own database as a non-superuser", async () => {
        const b = await evaluate({});
        const server = newServer();
        const ran = await server.boot(b.containerEnv, b.initFiles);
        assert.deepEqual(ran, ["init.sh"]);
        // The URL the app prints at start-up holds no password; the password comes apart, as PGPASSWORD.
        assert.equal(b.appUrl, "postgresql://bookdbadmin@db.my-cool-app.svc.cluster.local:5432/bookstore");
        assert.match(b.appPassword, /^[A-Za-z0-9_-]{32}$/);
        assert.equal(b.appPassword, b.containerEnv.WORKSHOP_POSTGRES_PASSWORD);
        await assertAppRole(atServer(b.appUrl, server), "bookdbadmin", "bookstore", b.appPassword);
        // The superuser password from the Secret works over TCP, where scram-sha-256 applies.
        const su = `postgresql://postgres:${encodeURIComponent(b.containerEnv.POSTGRES_PASSWORD)}@127.0.0.1:${server.port}/postgres`;
        const superuser = await withClient(su, (c) => c.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        assert.equal(superuser.rows[0].rolsuper, true);
        await assert.rejects(
            withClient(su.replace(/:[^:@]+@/, ":wrong@"), (c) => c.query("SELECT 1")),
            /password authentication failed/,
        );

        // The program's PostgreSQL rules, held to this server: every role or database name they refuse is one the
        // init script could not make the app's own (PostgreSQL refuses to create it, or it exists already); the names
        // they accept are created.
        await withClient(su, async (c) => {
            const create = async (kind: "ROLE" | "DATABASE", name: string) => {
                const sql = await c.query(`SELECT format('CREATE ${kind} %I', $1::text) AS q`, [name]);
                return c.query(sql.rows[0].q);
            };
            const exists = async (table: string, column: string, name: string) =>
                ((await c.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [name])).rowCount ?? 0) > 0;
            for (const name of ["postgres", "pg_monitor", "pg_app", "public", "none"]) {
                assert.ok(checkPgRoleName(name) !== undefined, `the program refuses the role ${name}`);
                if (!(await exists("pg_roles", "rolname", name)))
                    await assert.rejects(create("ROLE", name), /reserved|cannot be used/, `PostgreSQL refuses the role ${name}`);
            }
            for (const name of ["postgres", "template0", "template1"]) {
                assert.ok(checkPgDatabaseName(name) !== undefined, `the program refuses the database ${name}`);
                assert.ok(await exists("pg_database", "datname", name), `${name} exists already`);
            }
            for (const name of ["book_admin", "pgadmin", "publicity", "current_user", "user"]) {
                assert.equal(checkPgRoleName(name), undefined, `the program accepts the role ${name}`);
                await create("ROLE", name);
            }
        });
    });
});
